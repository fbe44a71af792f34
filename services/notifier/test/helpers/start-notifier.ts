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
import { addValidatedJob, createLogger, createRedis, type Service } from '@chatops/shared/runtime';
import { FakeSlack, deleteKeysWithPrefix, testPrefix, REDIS_URL } from '@chatops/testkit';
import { loadConfig, secretsOf } from '../../src/config.js';
import { createNotifier, type NotifierOverrides } from '../../src/create-notifier.js';
import { PAYLOAD_SECRET, testConfig } from './jobs.js';

export const TOKEN = 'xoxb-test-token-notifier';

export type Notifier = {
  service: Service;
  app: Service['app'];
  slack: FakeSlack;
  prefix: string;
  redis: ReturnType<typeof createRedis>;
  notifications: Queue;
  healthChecks: Queue;
  addStatus(job: NotificationJob): Promise<string>;
  addHealth(name: 'probe' | 'post-deploy' | 'monitor', data: HealthCheckJob, id: string): Promise<string>;
  /** Closes the service only (as a process that exits), leaving Redis and FakeSlack to the test. */
  stop(): Promise<void>;
  close(): Promise<void>;
};

export type StartOptions = {
  config?: AppsConfig;
  /** Variables over the tests' defaults (short tunables, monitors off). */
  env?: Record<string, string>;
  overrides?: NotifierOverrides;
  logLines?: string[];
  /** Another notifier's Slack and prefix: a second process of the same deployment. */
  slack?: FakeSlack;
  prefix?: string;
};

/** The notifier built by createNotifier, as main.ts builds it, against FakeSlack and the real Redis. */
export async function startNotifier(options: StartOptions = {}): Promise<Notifier> {
  const ownSlack = !options.slack;
  const slack = options.slack ?? new FakeSlack({ token: TOKEN });
  if (ownSlack) await slack.start();
  const prefix = options.prefix ?? testPrefix('notifier');
  const env = loadConfig({
    SLACK_BOT_TOKEN: TOKEN,
    CHATOPS_PAYLOAD_SECRET: PAYLOAD_SECRET,
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL,
    CHATOPS_QUEUE_PREFIX: prefix,
    HEALTH_MONITORS: 'false',
    HEALTH_PROBE_TIMEOUT_MS: '1000',
    HEALTH_MAX_REDIRECTS: '2',
    POST_DEPLOY_PROBE_ATTEMPTS: '2',
    POST_DEPLOY_PROBE_INTERVAL_MS: '20',
    ...options.env,
  });
  const lines = options.logLines;
  const logger = createLogger({
    name: 'notifier',
    level: lines ? 'debug' : (process.env.LOG_LEVEL ?? 'silent'),
    secrets: secretsOf(env),
    destination: lines ? { write: (line: string) => void lines.push(line) } : undefined,
  });
  const service = createNotifier({
    env,
    apps: options.config ?? testConfig(),
    logger,
    overrides: { metricsDefaults: false, ...options.overrides },
  });
  await service.ready();
  const redis = createRedis(REDIS_URL, 'worker');
  const notifications = new Queue(QUEUES.notifications, { connection: redis, prefix });
  const healthChecks = new Queue(QUEUES.healthChecks, { connection: redis, prefix });
  // A queue still connecting when its shared connection quits emits an error nobody hears (BullMQ).
  await Promise.all([notifications.waitUntilReady(), healthChecks.waitUntilReady()]);
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= service.close();
    return stopped;
  };
  const opts = { attempts: 4, backoff: { type: 'fixed', delay: 50 }, removeOnComplete: false, removeOnFail: false };
  return {
    service,
    app: service.app,
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
    stop,
    async close() {
      await stop();
      await notifications.close();
      await healthChecks.close();
      if (!options.prefix) await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
      if (ownSlack) await slack.stop();
    },
  };
}

/** The main (not threaded) messages of a channel. */
export const mainMessages = (slack: FakeSlack, channel: string) =>
  slack.messagesIn(channel).filter((m) => !m.thread_ts);
export const threadReplies = (slack: FakeSlack, channel: string) =>
  slack.messagesIn(channel).filter((m) => m.thread_ts);
