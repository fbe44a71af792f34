#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import {
  appHomeOpenedEvent,
  deleteKeysWithPrefix,
  eventCallback,
  interactionBody,
  slackEventHeaders,
  slackSignatureHeaders,
  waitFor,
} from '@chatops/testkit';
import { ChannelPrinter } from './channel-printer.js';
import { describeDialog } from './dialog-printer.js';
import { describeHome } from './home-printer.js';
import { DEMO_CONFIG, DEMO_REPOS, DEMO_USERS } from './demo-config.js';
import { finalOf } from './chaos-checks.js';
import { startStack, type Stack } from './start-stack.js';

// `npm run demo`: the whole system on this machine, with no Slack, GitHub or CircleCI account.
// It plays a short scenario, then takes your own /deploy commands until Ctrl-C.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const STATE_FILE = resolve(ROOT, '.chatops-demo', 'state.json');
const say = (s: string) => process.stdout.write(`\n\x1b[1m${s}\x1b[0m\n`);
const names = new Map([...DEMO_USERS.map((u) => [u.id, u.name] as [string, string]), ['C0DEPLOYS', 'deploys']]);
const users = Object.fromEntries(
  DEMO_USERS.map((u) => [u.name, { user_id: u.id, user_name: u.name, channel_id: 'C0DEPLOYS' }]),
);

async function settle(stack: Stack, quietMs = 1500, maxMs = 20_000): Promise<void> {
  const started = Date.now();
  let last = -1;
  let lastChange = Date.now();
  await waitFor(
    () => {
      const n = stack.slack.calls.length + stack.github.requests.length + stack.slack.responses.length;
      if (n !== last) {
        last = n;
        lastChange = Date.now();
      }
      return Date.now() - lastChange > quietMs || Date.now() - started > maxMs;
    },
    'the system to settle',
    maxMs + 5000,
    100,
  );
}

async function send(stack: Stack, who: string, text: string): Promise<void> {
  say(`${who}: /deploy ${text}`);
  const res = await stack.slash(text, users[who]);
  if (res.status !== 200)
    process.stdout.write(`    (the bot answered HTTP ${res.status}: ${JSON.stringify(res.body)})\n`);
  else if (res.body && typeof res.body === 'object')
    stack.slack.responses.push({ id: res.responseId, body: res.body as Record<string, unknown>, at: Date.now() });
  await settle(stack);
}

/** Presses a button of the newest top-level message in #deploys that has it, as `who`. */
async function press(stack: Stack, who: string, actionId: string, label: string): Promise<void> {
  const message = stack.slack
    .messagesIn('C0DEPLOYS')
    .filter((m) => !m.thread_ts && JSON.stringify(m.blocks ?? []).includes(`"action_id":"${actionId}"`))
    .at(-1);
  if (!message) throw new Error(`no message in #deploys has a ${label} button`);
  say(`${who} presses ${label}`);
  const user = DEMO_USERS.find((u) => u.name === who)!;
  const res = await stack.press(message, actionId, { id: user.id, name: user.name });
  if (res.status !== 200) process.stdout.write(`    (the bot answered HTTP ${res.status})\n`);
  await settle(stack);
}

/**
 * `who` opens the Deploy dialog with its shortcut (the dialog is printed as it shows), picks `ref`
 * for `app`'s `environment` and submits it, as Slack would post each of these.
 */
async function dialog(stack: Stack, who: string, choice: { app: string; environment: string; ref: string }) {
  const user = DEMO_USERS.find((u) => u.name === who)!;
  const post = async (payload: unknown) => {
    const body = interactionBody(payload);
    const res = await fetch(`${stack.services.bot.url}/slack/interactions`, {
      method: 'POST',
      headers: slackSignatureHeaders(stack.secrets.SLACK_SIGNING_SECRET!, body),
      body,
    });
    if (res.status !== 200) process.stdout.write(`    (the bot answered HTTP ${res.status})\n`);
    return res.text();
  };
  say(`${who} uses the Deploy shortcut`);
  await post(stack.slack.interactions.shortcut(user.id, 'deploy'));
  const refBlock = `ref:${choice.app}`;
  const view = await waitFor(
    () => {
      const top = stack.slack.viewsOf(user.id).modals.at(-1);
      const ref = top?.blocks.find((b) => b.block_id === refBlock);
      return ref?.element?.initial_option ? top : null;
    },
    `${who}'s dialog`,
    20_000,
  );
  process.stdout.write(describeDialog(who, view));
  say(`${who} picks ${choice.app}/${choice.ref} to ${choice.environment} and presses Deploy`);
  const submit = stack.slack.interactions.submission(user.id, {
    [`environment:${choice.app}`]: choice.environment,
    [refBlock]: { text: choice.ref, value: choice.ref },
  });
  const answer = await post(submit);
  if (answer) process.stdout.write(`    (the dialog stays open: ${answer})\n`);
  await settle(stack);
}

/** `who` opens the app's Home tab (Slack's app_home_opened to the bot's Events API); it is printed as it shows. */
async function home(stack: Stack, who: string): Promise<void> {
  const user = DEMO_USERS.find((u) => u.name === who)!;
  say(`${who} opens the app's Home tab`);
  const raw = JSON.stringify(eventCallback(appHomeOpenedEvent(user.id)));
  const res = await fetch(`${stack.services.bot.url}/slack/events`, {
    method: 'POST',
    headers: slackEventHeaders(stack.secrets.SLACK_SIGNING_SECRET!, raw),
    body: raw,
  });
  if (res.status !== 200) process.stdout.write(`    (the bot answered HTTP ${res.status})\n`);
  const view = await waitFor(() => stack.slack.viewsOf(user.id).home, `${who}'s Home tab`, 20_000);
  process.stdout.write(describeHome(who, view.blocks, names));
}

/** Waits until the newest deployment of `repository` to `environment` has ended, and the channel shows it. */
async function ended(stack: Stack, repository: string, environment: string): Promise<void> {
  await waitFor(
    () => {
      const deployment = stack.github.deployments
        .filter((d) => d.repository === repository && d.environment === environment)
        .at(-1);
      return deployment ? finalOf(stack.github.statusesOf(deployment.id)) !== undefined : false;
    },
    `the deployment of ${repository} to ${environment} to end`,
    30_000,
  );
  await settle(stack);
}

async function scenario(stack: Stack): Promise<void> {
  say('1. alice deploys api to staging: it goes through');
  await send(stack, 'alice', 'api/main to staging');
  say('2. bob tries production, where only alice may deploy: refused, and told who may');
  await send(stack, 'bob', 'api to production');
  say('3. alice locks staging; bob is refused while it is locked; alice unlocks');
  await send(stack, 'alice', 'lock api staging testing the new migration');
  await send(stack, 'bob', 'api/feature-x to staging');
  await send(stack, 'alice', 'unlock api staging');
  say('4. bob deploys a broken branch: it fails, with a link to the CI log');
  await send(stack, 'bob', 'api/broken to staging');
  say('5. alice rolls staging back to the last good deployment; staging is locked to her ("rolled back #N")');
  await send(stack, 'alice', 'rollback api staging');
  await send(stack, 'alice', 'unlock api staging');
  say('6. alice freezes staging for an hour; bob is refused, told why and until when; alice unfreezes');
  await send(stack, 'alice', 'freeze api staging until 1h release checks');
  await send(stack, 'bob', 'api to staging');
  await send(stack, 'alice', 'unfreeze api staging');
  say("7. alice presses Promote on staging's message: the same sha goes to production, after her confirmation");
  await press(stack, 'alice', 'chatops_promote', 'Promote to production');
  await press(stack, 'alice', 'chatops_confirm', 'Confirm');
  say('8. bob deploys web to production, where someone else must approve: his own Approve is refused; alice approves');
  await send(stack, 'bob', 'web to production');
  await press(stack, 'bob', 'chatops_approve', 'Approve');
  await press(stack, 'alice', 'chatops_approve', 'Approve');
  await ended(stack, 'acme/web', 'production');
  say('9. bob deploys from the Deploy dialog, without typing: it offers only what he may, and deploys as the command');
  await dialog(stack, 'bob', { app: 'api', environment: 'staging', ref: 'feature-x' });
  await ended(stack, 'acme/api', 'staging');
  say("10. bob opens the app's Home tab: every environment at a glance, with buttons only where he may act");
  await home(stack, 'bob');
}

/** The heaven dashboard's password for this run (printed at start). */
const DASHBOARD_PASSWORD = randomBytes(12).toString('hex');

async function main(): Promise<void> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  say('Starting chatops: a sandbox of Slack, GitHub and CircleCI, and the bot, heaven and the notifier…');
  const stack = await startStack({
    config: DEMO_CONFIG,
    redisUrl,
    repos: DEMO_REPOS,
    users: DEMO_USERS,
    logLevel: process.env.LOG_LEVEL ?? 'info',
    circlePlan: (p) => ({
      workflows: [{ name: 'deploy', status: p.branch === 'broken' ? 'failed' : 'success', durationMs: 1500 }],
    }),
    env: {
      heaven: { HEAVEN_ADMIN_USER: 'demo', HEAVEN_ADMIN_PASSWORD: DASHBOARD_PASSWORD, HEAVEN_DASHBOARD_REFRESH_S: '3' },
    },
    onLine: process.env.DEMO_SHOW_LOGS ? (name, line) => process.stderr.write(`[${name}] ${line}\n`) : undefined,
  });
  mkdirSync(dirname(STATE_FILE), { recursive: true });
  writeFileSync(
    STATE_FILE,
    JSON.stringify({
      bot: stack.services.bot.url,
      signingSecret: stack.secrets.SLACK_SIGNING_SECRET,
      responseBase: stack.slack.url,
    }),
  );
  const printer = new ChannelPrinter(stack.slack, names);
  printer.start();
  process.stdout.write(
    `  bot      ${stack.services.bot.url}\n` +
      `  heaven   ${stack.services.heaven.url}\n` +
      `  notifier ${stack.services.notifier.url}\n` +
      `  sandbox  Slack ${stack.slack.url}  GitHub ${stack.github.url}  CircleCI ${stack.circleci.url}\n` +
      `  dashboard ${stack.services.heaven.url}/dashboard and queues ${stack.services.heaven.url}/admin/queues ` +
      `(user demo, password ${DASHBOARD_PASSWORD})\n`,
  );

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    say('Stopping everything the demo started…');
    printer.stop();
    await stack.stop();
    const redis = new Redis(redisUrl);
    await deleteKeysWithPrefix(redis, stack.prefix);
    redis.disconnect();
    rmSync(STATE_FILE, { force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  if (!process.env.DEMO_SKIP_SCENARIO) await scenario(stack);
  if (process.env.DEMO_EXIT_AFTER_SCENARIO) return shutdown();

  say('Your turn. Type a command as alice (or "bob: <command>"), e.g. "/deploy help". Ctrl-C stops everything.');
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
  rl.prompt();
  // Commands run one after another; when input ends (Ctrl-D, or a piped script), the last ones finish first.
  let pending: Promise<void> = Promise.resolve();
  rl.on('line', (line) => {
    const m = /^\s*(?:(alice|bob):\s*)?(?:\/deploy\s*)?(.*)$/.exec(line);
    const text = (m?.[2] ?? '').trim();
    if (!text) return rl.prompt();
    pending = pending.then(() => send(stack, m?.[1] ?? 'alice', text)).then(() => rl.prompt());
  });
  rl.on('close', () => void pending.then(shutdown));
}

main().catch((e: unknown) => {
  process.stderr.write(`[demo] ${(e as Error).message}\n`);
  process.exit(1);
});
