import { QUEUES, type AppsConfig } from '@chatops/shared/contracts';
import {
  createLockStore,
  createLogger,
  createMessageStore,
  createMetrics,
  createRedis,
  parseAppsConfig,
  type Redis,
} from '@chatops/shared/runtime';
import {
  deleteKeysWithPrefix,
  FakeGitHub,
  FakeSlack,
  REDIS_URL,
  slackSignatureHeaders,
  slashCommandBody,
  testPrefix,
  blockActionsBody,
} from '@chatops/testkit';
import type { Queue, Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { createBullmqProducer, type BullmqProducer } from '../../src/adapters/bullmq-producer.js';
import { createFetchResponder } from '../../src/adapters/fetch-responder.js';
import { createOctokitGitHub } from '../../src/adapters/octokit-github.js';
import { createRedisBotStore } from '../../src/adapters/redis-bot-store.js';
import { createSlackWeb } from '../../src/adapters/slack-web.js';
import { buildApp } from '../../src/app.js';
import type { SlackReply } from '../../src/ports.js';
import { createBotWorker } from '../../src/worker.js';
import { TEST_CONFIG } from './test-config.js';
import { createInject, type InjectOptions, type InjectResponse } from './inject.js';

export const SIGNING_SECRET = 'test-signing-secret-123';
export const GITHUB_TOKEN = 'ghp_testtoken123456';
export const SLACK_TOKEN = 'xoxb-test-token-123';

export { TEST_CONFIG };

export type Harness = {
  prefix: string;
  redis: Redis;
  github: FakeGitHub;
  slack: FakeSlack;
  config: AppsConfig;
  app: FastifyInstance;
  inject(options: InjectOptions): Promise<InjectResponse>;
  producer: BullmqProducer;
  queues: Record<'commands' | 'control' | 'health', Queue>;
  worker: Worker | null;
  now: { ms: number };
  startWorker(): Worker;
  /** Posts a signed slash command; `body`: the bot's answer, undefined when it answered with an empty 200. */
  command(
    text: string,
    fields?: Partial<Parameters<typeof slashCommandBody>[0]>,
  ): Promise<{ status: number; body: SlackReply | undefined; trigger: string; responseId: string }>;
  press(payload: Record<string, unknown>): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
};

let seq = 0;

/** A bot against real Redis, FakeGitHub and FakeSlack, on its own queue prefix. */
export async function createHarness(opts: { attempts?: number; configText?: string } = {}): Promise<Harness> {
  const prefix = testPrefix('bot');
  const redis = createRedis(REDIS_URL, 'worker');
  const github = new FakeGitHub({ token: GITHUB_TOKEN });
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
  const jobOptions = {
    attempts: opts.attempts ?? 3,
    backoff: { type: 'fixed', delay: 20 },
    removeOnComplete: false,
    removeOnFail: false,
  } as const;
  const producer = createBullmqProducer(redis, prefix, jobOptions);
  const [commands, control, health] = producer.queues as [Queue, Queue, Queue];
  const now = { ms: Date.now() };
  const logger = createLogger({ name: 'bot-test', level: 'silent' });
  const store = createRedisBotStore(redis, prefix);
  const app = buildApp({
    config,
    signingSecret: SIGNING_SECRET,
    producer,
    store,
    metrics: createMetrics('bot', { defaults: false }),
    clock: () => now.ms,
    readiness: { redis: async () => (await redis.ping()) === 'PONG', worker: () => h.worker?.isRunning() ?? false },
  });
  const h: Harness = {
    prefix,
    redis,
    github,
    slack,
    config,
    app,
    producer,
    now,
    worker: null,
    inject: await createInject(app),
    queues: { commands, control, health },
    startWorker() {
      h.worker = createBotWorker(
        {
          config,
          github: createOctokitGitHub({
            baseUrl: github.url,
            auth: { token: GITHUB_TOKEN },
            retries: 0,
            throttle: false,
          }),
          slack: createSlackWeb({ token: SLACK_TOKEN, apiUrl: slack.apiUrl, retries: 0 }),
          responder: createFetchResponder(2000),
          store,
          locks: createLockStore(redis, prefix),
          messages: createMessageStore(redis, prefix),
          producer,
          clock: () => now.ms,
          command: '/deploy',
        },
        { connection: redis, prefix, logger },
      );
      return h.worker;
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
      await app.close();
      if (h.worker) {
        // Closing a worker that is still starting can leave BullMQ's timers behind.
        await h.worker.waitUntilReady();
        await h.worker.close();
      }
      await producer.close();
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
): Promise<string> {
  const { waitFor } = await import('@chatops/testkit');
  return waitFor(
    async () => {
      const job = await h.queues.commands.getJob(id);
      if (!job) return null;
      const state = await job.getState();
      if (state === 'completed') return state;
      if (state === 'failed') return state;
      return null;
    },
    `job ${id} to finish`,
    15_000,
  );
}

/** The JSON bodies posted to a response_url, in order. */
export function repliesTo(h: Harness, responseId: string): Array<Record<string, unknown>> {
  return h.slack.responsesTo(responseId).map((r) => r.body);
}
