import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES, healthCheckJobSchema, jobId, type AppsConfig, type HealthCheckJob } from '@chatops/shared/contracts';
import {
  DEFAULT_JOB_OPTIONS,
  addValidatedJob,
  createMessageStore,
  instrumentPort,
  type Logger,
  type Metrics,
  createQueue,
} from '@chatops/shared/runtime';
import type { NotifierSettings } from '../config.js';
import type { HealthProbe, SlackPort } from '../ports.js';
import { githubLinks } from '../render/github-links.js';
import { createDeploymentSessions } from '../stores/deployment-session.js';
import { createDeploymentStore } from '../stores/deployment-store.js';
import { createKeyLock } from '../stores/key-lock.js';
import { createHealthCheckWorker } from './create-health-check-worker.js';
import { createNotificationWorker } from './create-notification-worker.js';

export type NotifierWorkerDeps = {
  redis: Redis;
  prefix: string;
  config: AppsConfig;
  slack: SlackPort;
  probe: HealthProbe;
  logger: Logger;
  metrics: Metrics;
  settings: NotifierSettings;
  now?: () => number;
};

export type NotifierWorkers = { workers: Worker[]; queues: Queue[]; healthChecks: Queue };

/** The notifier's two workers and the health-checks queue it produces post-deploy probes and monitors on. */
export function createNotifierWorkers(deps: NotifierWorkerDeps): NotifierWorkers {
  const { redis, prefix, logger, metrics, settings } = deps;
  const healthChecks = createQueue(QUEUES.healthChecks, { connection: redis, prefix, logger });
  const notifications = createQueue(QUEUES.notifications, { connection: redis, prefix, logger });
  const shared = {
    config: deps.config,
    slack: instrumentPort(deps.slack, 'slack', metrics),
    messages: createMessageStore(redis, prefix),
    deployments: createDeploymentStore(redis, prefix),
    lock: createKeyLock(redis, prefix, settings.keyLockMs),
    links: githubLinks(settings.githubWebUrl),
  };
  const lockMs = settings.jobLockMs ?? 30_000;
  const workerOptions = { lockDuration: lockMs, stalledInterval: lockMs, maxStalledCount: 10 };
  const base = { connection: redis, prefix, logger, metrics, concurrency: settings.concurrency, workerOptions };
  const requestPostDeployProbe = async (data: HealthCheckJob) => {
    await addValidatedJob(healthChecks, healthCheckJobSchema, 'post-deploy', data, {
      ...DEFAULT_JOB_OPTIONS,
      attempts: 3,
      jobId: jobId('post-deploy', data.deployment_id ?? 0),
    });
  };
  const sessions = createDeploymentSessions(redis, prefix, settings.keyLockMs);
  const notificationWorker = createNotificationWorker({
    ...base,
    deps: { config: shared.config, slack: shared.slack, links: shared.links, sessions, requestPostDeployProbe },
  });
  const healthWorker = createHealthCheckWorker({
    ...base,
    monitor: {
      ...shared,
      probe: deps.probe,
      redis,
      prefix,
      now: deps.now ?? Date.now,
      policy: { failuresBeforeDown: settings.failuresBeforeDown, reminderIntervalMs: settings.reminderIntervalMs },
      metrics,
    },
    postDeploy: {
      ...shared,
      probe: deps.probe,
      redis,
      prefix,
      attempts: settings.postDeployAttempts,
      intervalMs: settings.postDeployIntervalMs,
    },
  });
  return { workers: [notificationWorker, healthWorker], queues: [notifications, healthChecks], healthChecks };
}
