import { Queue } from 'bullmq';
import {
  QUEUES,
  healthCheckJobSchema,
  jobId,
  notificationJobSchema,
  type AppsConfig,
  type HealthCheckJob,
  type NotificationJob,
} from '@chatops/shared/contracts';
import { addValidatedJob, createLogger, createMetrics, createRedis } from '@chatops/shared/runtime';
import { FakeSlack, deleteKeysWithPrefix, testPrefix, REDIS_URL } from '@chatops/testkit';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { NotifierSettings } from '../../src/config.js';
import { createHttpHealthProbe } from '../../src/adapters/http-health-probe.js';
import { createSlackWebClient } from '../../src/adapters/slack-web-client.js';
import { testConfig } from './jobs.js';

export const TOKEN = 'xoxb-test-token-notifier';

export type Notifier = {
  app: FastifyInstance;
  slack: FakeSlack;
  prefix: string;
  redis: ReturnType<typeof createRedis>;
  notifications: Queue;
  healthChecks: Queue;
  addStatus(job: NotificationJob): Promise<string>;
  addHealth(name: 'probe' | 'post-deploy' | 'monitor', data: HealthCheckJob, id: string): Promise<string>;
  close(): Promise<void>;
};

/** The notifier as main.ts wires it, against FakeSlack and the real Redis, with short tunables. */
export async function startNotifier(
  options: {
    config?: AppsConfig;
    settings?: Partial<NotifierSettings>;
    probeTimeoutMs?: number;
    logLines?: string[];
  } = {},
): Promise<Notifier> {
  const slack = new FakeSlack({ token: TOKEN });
  await slack.start();
  const prefix = testPrefix('notifier');
  const redis = createRedis(REDIS_URL, 'worker');
  const lines = options.logLines;
  const logger = createLogger({
    name: 'notifier',
    level: lines ? 'debug' : (process.env.LOG_LEVEL ?? 'silent'),
    secrets: [TOKEN],
    destination: lines ? { write: (line: string) => void lines.push(line) } : undefined,
  });
  const app = await buildApp({
    redis,
    prefix,
    config: options.config ?? testConfig(),
    slack: createSlackWebClient({ token: TOKEN, apiUrl: slack.apiUrl, logger, retries: 1 }),
    probe: createHttpHealthProbe({ timeoutMs: options.probeTimeoutMs ?? 1000, maxRedirects: 2 }),
    logger,
    metrics: createMetrics('notifier', { defaults: false }),
    settings: {
      githubWebUrl: 'https://github.com',
      monitorIntervalMs: 60_000,
      failuresBeforeDown: 3,
      reminderIntervalMs: 0,
      postDeployAttempts: 2,
      postDeployIntervalMs: 20,
      monitors: false,
      ...options.settings,
    },
  });
  await app.ready();
  const notifications = new Queue(QUEUES.notifications, { connection: redis, prefix });
  const healthChecks = new Queue(QUEUES.healthChecks, { connection: redis, prefix });
  const opts = { attempts: 4, backoff: { type: 'fixed', delay: 50 }, removeOnComplete: false, removeOnFail: false };
  return {
    app,
    slack,
    prefix,
    redis,
    notifications,
    healthChecks,
    addStatus: (job) =>
      addValidatedJob(notifications, notificationJobSchema, 'deployment-status', job, {
        ...opts,
        jobId: jobId('status', job.status.id),
      }),
    addHealth: (name, data, id) =>
      addValidatedJob(healthChecks, healthCheckJobSchema, name, data, { ...opts, jobId: id }),
    async close() {
      await app.close();
      await notifications.close();
      await healthChecks.close();
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
      await slack.stop();
    },
  };
}

/** The main (not threaded) messages of a channel. */
export const mainMessages = (slack: FakeSlack, channel: string) =>
  slack.messagesIn(channel).filter((m) => !m.thread_ts);
export const threadReplies = (slack: FakeSlack, channel: string) =>
  slack.messagesIn(channel).filter((m) => m.thread_ts);
