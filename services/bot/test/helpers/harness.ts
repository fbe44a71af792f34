import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach } from '@jest/globals';
import { QUEUES, type AppsConfig } from '@chatops/shared/contracts';
import {
  createLogger,
  createQueue,
  createRedis,
  parseAppsConfig,
  type HttpApp,
  type Logger,
  type Redis,
} from '@chatops/shared/runtime';
import {
  blockActionsBody,
  deleteKeysWithPrefix,
  FakeGitHub,
  FakeSlack,
  REDIS_URL,
  slackSignatureHeaders,
  slashCommandBody,
  testPrefix,
  waitFor,
} from '@chatops/testkit';
import type { Queue, Worker } from 'bullmq';
import { loadConfig } from '../../src/config.js';
import { createBot, type BotOverrides } from '../../src/create-bot.js';
import type { SlackReply } from '../../src/ports.js';
import { createInject, type InjectOptions, type InjectResponse } from './inject.js';
import { TEST_CONFIG } from './test-config.js';

export const SIGNING_SECRET = 'test-signing-secret-123';
export const GITHUB_TOKEN = 'ghp_testtoken123456';
export const SLACK_TOKEN = 'xoxb-test-token-123';
export const PAYLOAD_SECRET = 'test-payload-secret-0123456789';

export { TEST_CONFIG };

export type Harness = {
  prefix: string;
  redis: Redis;
  github: FakeGitHub;
  slack: FakeSlack;
  config: AppsConfig;
  /** The bot's HTTP app (not listening; `inject` answers without a socket). */
  app: HttpApp;
  inject(options: InjectOptions): Promise<InjectResponse>;
  queues: Record<'commands' | 'control' | 'health' | 'timers' | 'protection', Queue>;
  worker: Worker;
  /** The lock-timers worker (started with `startWorker`). */
  timerWorker: Worker;
  /** The protection-rules worker (started with `startWorker`). */
  protectionWorker: Worker;
  now: { ms: number };
  /** The bot's workers take jobs from now on (they are built not running, so tests see the HTTP side alone). */
  startWorker(): Worker;
  /** Posts a signed slash command; `body`: the bot's answer, undefined when it answered with an empty 200. */
  command(
    text: string,
    fields?: Partial<Parameters<typeof slashCommandBody>[0]>,
  ): Promise<{ status: number; body: SlackReply | undefined; trigger: string; responseId: string }>;
  press(payload: Record<string, unknown>): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
};

export type HarnessOptions = {
  attempts?: number;
  configText?: string;
  /** Variables on top of the test environment (e.g. GITHUB_RETRIES). */
  env?: Record<string, string>;
  overrides?: BotOverrides;
  /** The bot's logger (default: silent). */
  logger?: Logger;
  /** GitHub App credentials (app 12, installation 34) instead of GITHUB_TOKEN; the fake knows the app's key. */
  githubApp?: boolean;
};

/** The GitHub App of `githubApp: true`: its key pair (one per test file). */
let appKeys: { privateKey: string; publicKey: string } | undefined;
const githubAppKeys = () =>
  (appKeys ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }));

let seq = 0;

/**
 * The bot, built by createBot as main builds it, against real Redis (its own queue prefix) and the
 * testkit's FakeGitHub and FakeSlack, with a clock the test moves.
 */
export async function createHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const prefix = testPrefix('bot');
  const redis = createRedis(REDIS_URL, 'worker');
  const keys = opts.githubApp ? githubAppKeys() : undefined;
  const github = new FakeGitHub({
    token: GITHUB_TOKEN,
    ...(keys ? { app: { appId: 12, installationId: 34, publicKey: keys.publicKey } } : {}),
  });
  const slack = new FakeSlack({ token: SLACK_TOKEN });
  await Promise.all([github.start(), slack.start()]);
  github.addRepo('acme/api', {
    defaultBranch: 'main',
    branches: { main: 'a'.repeat(40), 'feature-x': 'b'.repeat(40) },
  });
  github.addRepo('acme/web', { defaultBranch: 'trunk' });
  slack.addUser({ id: 'U0ALICE', name: 'alice', display_name: 'Alice' });
  slack.addUser({ id: 'U0BOB', name: 'bob', display_name: 'Bob' });
  slack.usergroups.set('S0OPS', ['U0CAROL']);
  const config = parseAppsConfig(opts.configText ?? TEST_CONFIG);
  const env = loadConfig({
    REDIS_URL,
    CHATOPS_QUEUE_PREFIX: prefix,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
    GITHUB_RETRIES: '0',
    GITHUB_WRITE_INTERVAL_MS: '0',
    CHATOPS_PAYLOAD_SECRET: PAYLOAD_SECRET,
    BOT_JOB_ATTEMPTS: String(opts.attempts ?? 3),
    BOT_JOB_BACKOFF_MS: '20',
    ...(keys
      ? {
          GITHUB_TOKEN: '',
          GITHUB_APP_ID: '12',
          GITHUB_APP_PRIVATE_KEY: keys.privateKey,
          GITHUB_APP_INSTALLATION_ID: '34',
        }
      : {}),
    ...opts.env,
  });
  const now = { ms: Date.now() };
  const bot = createBot({
    env,
    apps: config,
    logger: opts.logger ?? createLogger({ name: 'bot', level: 'silent' }),
    overrides: { clock: { now: () => now.ms }, metricsDefaults: false, autorun: false, ...opts.overrides },
  });
  await bot.ready();
  const [worker, timerWorker, protectionWorker] = bot.workers as [Worker, Worker, Worker];
  const queues = {
    commands: createQueue(QUEUES.chatCommands, { connection: redis, prefix }),
    control: createQueue(QUEUES.deploymentControl, { connection: redis, prefix }),
    health: createQueue(QUEUES.healthChecks, { connection: redis, prefix }),
    timers: createQueue(QUEUES.lockTimers, { connection: redis, prefix }),
    protection: createQueue(QUEUES.protectionRules, { connection: redis, prefix }),
  };
  const h: Harness = {
    prefix,
    redis,
    github,
    slack,
    config,
    now,
    worker,
    timerWorker,
    protectionWorker,
    queues,
    app: bot.app,
    inject: await createInject(bot.app),
    startWorker() {
      // Every worker of the bot (commands, lock timers, protection rules, and those after them).
      for (const w of bot.workers) void w.run();
      return worker;
    },
    async command(text, fields = {}) {
      seq += 1;
      const responseId = `r${seq}`;
      const trigger = `${Date.now()}.${seq}.trigger`;
      const body = slashCommandBody({
        text,
        trigger_id: trigger,
        response_url: slack.responseUrl(responseId),
        ...fields,
      });
      const res = await h.inject({
        method: 'POST',
        url: '/slack/commands',
        headers: slackSignatureHeaders(SIGNING_SECRET, body, Math.floor(now.ms / 1000)),
        payload: body,
      });
      return { status: res.statusCode, body: res.body ? (res.json() as SlackReply) : undefined, trigger, responseId };
    },
    async press(payload) {
      const body = blockActionsBody(payload);
      const res = await h.inject({
        method: 'POST',
        url: '/slack/interactions',
        headers: slackSignatureHeaders(SIGNING_SECRET, body, Math.floor(now.ms / 1000)),
        payload: body,
      });
      return { status: res.statusCode, body: res.body };
    },
    async close() {
      // Closing a worker whose connections are still starting makes BullMQ emit an error nobody listens to.
      await Promise.all(bot.workers.map((w) => w.waitUntilReady()));
      await bot.close();
      await Promise.all(Object.values(queues).map((q) => q.close()));
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
      await Promise.all([github.stop(), slack.stop()]);
    },
  };
  return h;
}

/** How many jobs a queue holds in any state. */
export async function jobCount(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts(
    'waiting',
    'active',
    'delayed',
    'completed',
    'failed',
    'prioritized',
    'paused',
  );
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

export { QUEUES };

/** Waits until the command job of `trigger` has finished (completed or failed for good) and returns its state. */
export async function settled(
  h: Harness,
  trigger: string,
  id = `slack-${trigger.replace(/[^A-Za-z0-9_.-]/g, '_')}`,
  timeoutMs = 15_000,
): Promise<string> {
  return waitFor(
    async () => {
      const job = await h.queues.commands.getJob(id);
      if (!job) return null;
      const state = await job.getState();
      return state === 'completed' || state === 'failed' ? state : null;
    },
    `job ${id} to finish`,
    timeoutMs,
  );
}

/** The JSON bodies posted to a response_url, in order. */
export function repliesTo(h: Harness, responseId: string): Array<Record<string, unknown>> {
  return h.slack.responsesTo(responseId).map((r) => r.body);
}

/** Runs a command through the bot (HTTP side and worker) and returns what the person was answered. */
export async function answersTo(h: Harness, text: string, user = 'U0ALICE'): Promise<Array<Record<string, unknown>>> {
  const { trigger, responseId } = await h.command(text, { user_id: user });
  await settled(h, trigger);
  return repliesTo(h, responseId);
}

/**
 * A fresh harness for each test of the file (its worker running unless `worker: false`), closed after
 * it: `const h = harnessPerTest();` then `h.command(…)` in the tests, as if `h` were the harness.
 */
export function harnessPerTest(options: { worker?: boolean } = {}): Harness {
  let current: Harness | undefined;
  beforeEach(async () => {
    current = await createHarness();
    if (options.worker !== false) current.startWorker();
  });
  afterEach(async () => {
    // A view Slack would refuse (views.open, update, push, publish) fails the test that showed it.
    const refused = current?.slack.refusals.filter((r) => r.path.includes('/views.')) ?? [];
    await current?.close();
    current = undefined;
    if (refused.length > 0) throw new Error(`the fake Slack refused a view: ${JSON.stringify(refused[0]!.body)}`);
  });
  return new Proxy({} as Harness, {
    get(_target, name) {
      if (!current) throw new Error('the harness exists only inside a test');
      const value = Reflect.get(current, name);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}
