// @slack/bolt for the bench's Bolt servers, loadable on Node 20 as on Node 24.
import Module from 'node:module';

// The lockfile resolves the `undici` peer of Bolt's @slack/socket-mode to 8.x, which needs
// Node >= 22.19 and throws while loading on Node 20. Bolt's index loads socket-mode even when only
// HTTPReceiver is used, and socket-mode touches undici only when it opens a WebSocket, which these
// processes never do. So on Node < 22 its `require('undici')` gets a stand-in that throws if used.
if (Number(process.versions.node.split('.')[0]) < 22) {
  const load = Module._load;
  const standIn = new Proxy(
    {},
    {
      get: (_t, key) => {
        throw new Error(`[bench] undici.${String(key)} is not available on Node ${process.version}`);
      },
    },
  );
  Module._load = function (request, parent, isMain) {
    if (request === 'undici' && parent?.filename?.includes('socket-mode')) return standIn;
    return load.call(this, request, parent, isMain);
  };
}

const { default: bolt } = await import('@slack/bolt');

/**
 * A Bolt app on HTTPReceiver at /slack/commands. botId and botUserId are given and token verification
 * is off, so Bolt makes no network call; its Web API client points at a closed local port in case it
 * ever tried.
 */
export function boltApp() {
  const { App, HTTPReceiver, LogLevel } = bolt;
  const receiver = new HTTPReceiver({
    signingSecret: process.env.SLACK_SIGNING_SECRET,
    endpoints: '/slack/commands',
    logLevel: LogLevel.ERROR,
  });
  return new App({
    receiver,
    token: 'xoxb-bench-not-used',
    botId: 'B0BENCH',
    botUserId: 'U0BENCH',
    tokenVerificationEnabled: false,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: 'http://127.0.0.1:9/api/' },
  });
}
