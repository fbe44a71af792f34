import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES } from '@chatops/shared/contracts';
import { createLogger, parseAppsConfig, type HttpApp, type Logger } from '@chatops/shared/runtime';
import { deleteKeysWithPrefix, REDIS_URL, testPrefix } from '@chatops/testkit';
import { loadConfig } from '../../src/config.js';
import { createHeaven, type HeavenOverrides } from '../../src/create-heaven.js';
import { BASE_CONFIG, CIRCLE_SECRET, GITHUB_SECRET, GITHUB_TOKEN } from './harness.js';
import { PAYLOAD_SECRET } from './chatops.js';

export type IntakeApp = {
  app: HttpApp;
  /** heaven's queues as a test reads them (its own connection). */
  queues: Record<string, Queue>;
  redis: Redis;
  prefix: string;
  close(): Promise<void>;
};

/**
 * heaven built by createHeaven on real Redis (its own prefix) whose workers take no job, so a test
 * sees what the routes enqueued; not listening (app.inject).
 */
export async function buildIntakeApp(
  overrides: HeavenOverrides = {},
  logger: Logger = createLogger({ name: 'heaven', level: 'silent' }),
  env: Record<string, string> = {},
): Promise<IntakeApp> {
  const prefix = testPrefix('heaven-intake');
  const heaven = createHeaven({
    env: loadConfig({
      GITHUB_TOKEN,
      GITHUB_API_URL: 'http://127.0.0.1:9',
      GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
      CHATOPS_PAYLOAD_SECRET: PAYLOAD_SECRET,
      CIRCLECI_TOKEN: 'circle-token-unused-0',
      CIRCLECI_WEBHOOK_SECRET: CIRCLE_SECRET,
      CHATOPS_QUEUE_PREFIX: prefix,
      REDIS_URL,
      ...env,
    }),
    apps: parseAppsConfig(BASE_CONFIG),
    logger,
    overrides: { metricsDefaults: false, autorun: false, ...overrides },
  });
  await heaven.ready();
  await heaven.app.ready();
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queues = Object.fromEntries(
    [QUEUES.deployments, QUEUES.notifications, QUEUES.ciEvents].map((n) => [
      n,
      new Queue(n, { connection: redis, prefix }),
    ]),
  );
  // A queue still connecting when its shared connection quits emits an error nobody hears (BullMQ).
  await Promise.all(Object.values(queues).map((q) => q.waitUntilReady()));
  return {
    app: heaven.app,
    queues,
    redis,
    prefix,
    async close() {
      await heaven.close();
      await Promise.all(Object.values(queues).map((q) => q.close()));
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
    },
  };
}
