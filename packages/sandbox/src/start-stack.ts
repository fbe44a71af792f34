import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FakeCircleCI,
  FakeGitHub,
  FakeSlack,
  blockActionsBody,
  slackSignatureHeaders,
  deleteKeysWithPrefix,
  slashCommandBody,
  type FakeCircleCIOptions,
  type FakeSlackUser,
  type SlackMessage,
  stackSecrets,
} from '@chatops/testkit';
import { Redis } from 'ioredis';
import { ServiceProcess, type ServiceName } from './service-process.js';

export type StackOptions = {
  /** The apps config file's text (YAML or JSON). */
  config: string;
  redisUrl?: string;
  /** Queue and key prefix; default: a fresh one per stack. */
  prefix?: string;
  /** Extra environment per service (tunables such as poll intervals). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  circlePlan?: FakeCircleCIOptions['plan'];
  users?: FakeSlackUser[];
  repos?: Array<{ name: string; defaultBranch?: string; branches?: Record<string, string> }>;
  logLevel?: string;
  onLine?: (name: ServiceName, line: string) => void;
  /** Fixed ports for the services (the demo); default: free ports. */
  ports?: Partial<Record<ServiceName, number>>;
  /**
   * The bot and heaven authenticate as a GitHub App (an RS256 key made for the stack, installation
   * tokens from FakeGitHub) instead of with a token.
   */
  githubApp?: boolean;
};

export type SlashResult = { status: number; body: unknown; responseId: string };

export type Stack = {
  github: FakeGitHub;
  slack: FakeSlack;
  circleci: FakeCircleCI;
  services: Record<ServiceName, ServiceProcess>;
  prefix: string;
  configPath: string;
  secrets: Record<string, string>;
  /** Sends a signed slash command to the bot, as Slack does. */
  slash(text: string, from?: { user_id?: string; user_name?: string; channel_id?: string }): Promise<SlashResult>;
  /** Presses a button of a message, as Slack sends it to the bot's interactivity URL. */
  press(message: SlackMessage, actionId: string, user: { id: string; name: string }): Promise<SlashResult>;
  /** Stops the services and the fakes, then deletes the stack's own Redis keys (its prefix only). */
  stop(): Promise<void>;
};

/** A GitHub App for the stack: FakeGitHub knows its public key; the services get its private key. */
function stackGitHubApp() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const appId = 1000 + Math.floor(Math.random() * 9000);
  const installationId = 20_000 + Math.floor(Math.random() * 9000);
  return {
    fake: { appId, installationId, publicKey },
    env: {
      GITHUB_APP_ID: String(appId),
      GITHUB_APP_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      GITHUB_APP_INSTALLATION_ID: String(installationId),
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The whole system on one machine: fakes of Slack, GitHub and CircleCI on local ports, and the
 * three services as separate processes from their built output, wired to each other through Redis
 * and the fakes' signed webhooks. Used by the end-to-end tests, the demo and the chaos run.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const secrets = stackSecrets();
  const prefix = options.prefix ?? `{chatops-stack-${randomUUID().slice(0, 8)}}`;
  const dir = mkdtempSync(join(tmpdir(), 'chatops-stack-'));
  const configPath = join(dir, 'chatops.config.yml');
  writeFileSync(configPath, options.config);

  const app = options.githubApp ? stackGitHubApp() : null;
  const github = new FakeGitHub({
    token: secrets.GITHUB_TOKEN,
    webhookSecret: secrets.GITHUB_WEBHOOK_SECRET,
    ...(app ? { app: app.fake } : {}),
  });
  const slack = new FakeSlack({ token: secrets.SLACK_BOT_TOKEN });
  const circleci = new FakeCircleCI({
    token: secrets.CIRCLECI_TOKEN,
    webhookSecret: secrets.CIRCLECI_WEBHOOK_SECRET,
    plan: options.circlePlan,
  });
  await Promise.all([github.start(), slack.start(), circleci.start()]);
  for (const repo of options.repos ?? []) github.addRepo(repo.name, repo);
  // CircleCI builds branches of the repository: a trigger for any other branch (or a sha) is refused.
  circleci.followGitHub(github);
  const githubAuth = app ? app.env : { GITHUB_TOKEN: secrets.GITHUB_TOKEN };
  for (const user of options.users ?? []) slack.addUser(user);

  const ports = {
    bot: options.ports?.bot ?? (await freePort()),
    heaven: options.ports?.heaven ?? (await freePort()),
    notifier: options.ports?.notifier ?? (await freePort()),
  };
  const heavenUrl = `http://127.0.0.1:${ports.heaven}`;
  github.options.webhookUrl = `${heavenUrl}/webhooks/github`;
  circleci.options.webhookUrl = `${heavenUrl}/webhooks/circleci`;

  const common = {
    REDIS_URL: options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    CHATOPS_CONFIG: configPath,
    CHATOPS_QUEUE_PREFIX: prefix,
    LOG_LEVEL: options.logLevel ?? 'info',
    CHATOPS_PAYLOAD_SECRET: secrets.CHATOPS_PAYLOAD_SECRET,
  };
  const env: Record<ServiceName, Record<string, string>> = {
    bot: {
      ...common,
      PORT: String(ports.bot),
      SLACK_SIGNING_SECRET: secrets.SLACK_SIGNING_SECRET,
      SLACK_BOT_TOKEN: secrets.SLACK_BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      ...githubAuth,
      GITHUB_API_URL: github.url,
      ...options.env?.bot,
    },
    heaven: {
      ...common,
      PORT: String(ports.heaven),
      ...githubAuth,
      GITHUB_API_URL: github.url,
      GITHUB_WEBHOOK_SECRET: secrets.GITHUB_WEBHOOK_SECRET,
      CIRCLECI_TOKEN: secrets.CIRCLECI_TOKEN,
      CIRCLECI_API_URL: circleci.apiUrl,
      CIRCLECI_WEBHOOK_SECRET: secrets.CIRCLECI_WEBHOOK_SECRET,
      PUBLIC_URL: heavenUrl,
      ...options.env?.heaven,
    },
    notifier: {
      ...common,
      PORT: String(ports.notifier),
      SLACK_BOT_TOKEN: secrets.SLACK_BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      ...options.env?.notifier,
    },
  };
  const services = {
    heaven: new ServiceProcess('heaven', env.heaven, options.onLine),
    notifier: new ServiceProcess('notifier', env.notifier, options.onLine),
    bot: new ServiceProcess('bot', env.bot, options.onLine),
  };
  const stopAll = async () => {
    await Promise.all(Object.values(services).map((s) => s.stop()));
    await Promise.all([github.stop(), slack.stop(), circleci.stop()]);
    await deleteStackKeys(common.REDIS_URL, prefix);
  };
  try {
    await Promise.all(Object.values(services).map((s) => s.start()));
  } catch (e) {
    await stopAll();
    throw e;
  }

  const post = async (path: string, body: string): Promise<Omit<SlashResult, 'responseId'>> => {
    const res = await fetch(`${services.bot.url}${path}`, {
      method: 'POST',
      headers: slackSignatureHeaders(secrets.SLACK_SIGNING_SECRET, body),
      body,
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : '';
    } catch {
      /* plain text */
    }
    return { status: res.status, body: parsed };
  };

  return {
    github,
    slack,
    circleci,
    services,
    prefix,
    configPath,
    secrets: app ? { ...secrets, GITHUB_APP_PRIVATE_KEY: app.env.GITHUB_APP_PRIVATE_KEY } : secrets,
    async slash(text, from = {}) {
      const responseId = randomUUID();
      const body = slashCommandBody({ text, response_url: slack.responseUrl(responseId), ...from });
      return { ...(await post('/slack/commands', body)), responseId };
    },
    async press(message, actionId, user) {
      const responseId = randomUUID();
      const button = findButton(message.blocks ?? [], actionId);
      if (!button) throw new Error(`[sandbox] no button ${actionId} in message ${message.ts}`);
      const payload = {
        type: 'block_actions',
        team: { id: 'T0FAKE', domain: 'fake' },
        user: { id: user.id, username: user.name, name: user.name, team_id: 'T0FAKE' },
        api_app_id: 'A0FAKE',
        token: 'legacy-verification-token',
        trigger_id: `${Date.now()}.${randomUUID().slice(0, 8)}`,
        response_url: slack.responseUrl(responseId),
        container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
        channel: { id: message.channel, name: message.channel.toLowerCase() },
        message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks },
        state: { values: {} },
        actions: [{ ...button, action_ts: `${Date.now() / 1000}` }],
      };
      return { ...(await post('/slack/interactions', blockActionsBody(payload))), responseId };
    },
    stop: stopAll,
  };
}

/** A Slack block or block element: the keys findButton reads; the button is passed on whole. */
type BlockNode = Record<string, unknown> & { elements?: BlockNode[]; accessory?: BlockNode };

function findButton(blocks: unknown[], actionId: string): Record<string, unknown> | null {
  for (const block of blocks as BlockNode[]) {
    for (const el of ((block.elements ?? block.accessory)
      ? [...(block.elements ?? []), block.accessory].filter(Boolean)
      : []) as BlockNode[]) {
      if (el.type === 'button' && el.action_id === actionId) return { ...el, block_id: block.block_id ?? 'b' };
    }
  }
  return null;
}

/** Deletes the keys under the stack's prefix; never hangs when that Redis is already gone. */
async function deleteStackKeys(url: string, prefix: string): Promise<void> {
  // A Sentinel or Cluster setup here is the sandbox's own (SentinelRedis, ClusterRedis), deleted whole.
  if (!/^rediss?:/.test(url)) return;
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await deleteKeysWithPrefix(redis, prefix);
  } catch {
    /* Redis is gone: nothing to clean */
  } finally {
    redis.disconnect();
  }
}
