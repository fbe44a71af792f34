import { QUEUES } from '@chatops/shared/contracts';
import {
  collectQueueDepth,
  createMessageStore,
  createMetrics,
  createPayloadNonces,
  createQueue,
  createRedis,
  createResponder,
  createSlackApi,
  createSlackRateHold,
  instrumentPort,
  jobLockOptions,
  redisAnswers,
  waitForRedis,
  type Service,
  type ServiceContext,
} from '@chatops/shared/runtime';
import { createPostDeployRequests } from './adapters/bullmq-post-deploy-requests.js';
import { createHttpHealthProbe } from './adapters/http-health-probe.js';
import { createSlackAdapter } from './adapters/slack-adapter.js';
import { buildApp } from './app.js';
import type { NotifierConfig } from './config.js';
import { removeMonitorSchedules, syncMonitorSchedules } from './health/sync-monitor-schedules.js';
import type { Clock, HealthProbe, SlackPort } from './ports.js';
import { githubLinks } from './render/github-links.js';
import { createDeploymentSessions } from './stores/deployment-sessions.js';
import { createKeyLock } from './stores/key-lock.js';
import { createMessageStateStore } from './stores/message-state-store.js';
import { createMonitorStateStore } from './stores/monitor-state-store.js';
import { createProbeTries } from './stores/probe-tries.js';
import { createWorkers } from './workers/create-workers.js';

/** What tests put in place of the real thing. */
export type NotifierOverrides = {
  slack?: SlackPort;
  probe?: HealthProbe;
  clock?: Clock;
  /** Node's default metrics (off when a test builds many notifiers in one process). */
  metricsDefaults?: boolean;
};

/**
 * The notifier from its validated environment and the apps config: its Redis, queues, stores,
 * Slack, health probe, workers and HTTP app. `ready` waits for Redis and keeps the monitor
 * schedulers in sync with the config; `close` stops HTTP, lets running jobs finish, then closes the
 * queues and Redis.
 */
export function createNotifier(context: ServiceContext<NotifierConfig> & { overrides?: NotifierOverrides }): Service {
  const { env, apps, logger, overrides = {} } = context;
  const prefix = env.CHATOPS_QUEUE_PREFIX;
  const redis = createRedis(env.REDIS_URL, 'worker');
  redis.on('error', (e) => logger.warn({ err: e }, 'redis error'));
  const metrics = createMetrics('notifier', { defaults: overrides.metricsDefaults ?? true });
  const clock = overrides.clock ?? { now: () => Date.now() };
  const notifications = createQueue(QUEUES.notifications, { connection: redis, prefix, logger });
  const healthChecks = createQueue(QUEUES.healthChecks, { connection: redis, prefix, logger });
  const queues = [notifications, healthChecks];
  const slack = instrumentPort(overrides.slack ?? createSlack(context, redis), 'slack', metrics);
  const probe =
    overrides.probe ??
    createHttpHealthProbe({ timeoutMs: env.HEALTH_PROBE_TIMEOUT_MS, maxRedirects: env.HEALTH_MAX_REDIRECTS });
  const links = githubLinks(env.GITHUB_WEB_URL);
  const lock = createKeyLock(redis, prefix, env.NOTIFIER_KEY_LOCK_MS);
  const monitor = {
    config: apps,
    slack,
    probe,
    monitors: createMonitorStateStore(redis, prefix),
    lock,
    policy: {
      failuresBeforeDown: env.HEALTH_FAILURES_BEFORE_DOWN,
      reminderIntervalMs: env.HEALTH_REMINDER_INTERVAL_MS,
    },
    clock,
    metrics,
  };
  const workers = createWorkers(
    { connection: redis, prefix, logger, metrics, workerOptions: jobLockOptions(env.NOTIFIER_JOB_LOCK_MS) },
    {
      deployments: {
        config: apps,
        slack,
        sessions: createDeploymentSessions(redis, prefix, env.NOTIFIER_KEY_LOCK_MS),
        links,
        postDeploy: createPostDeployRequests(healthChecks),
        payloadSecret: env.CHATOPS_PAYLOAD_SECRET,
        nonces: createPayloadNonces(redis, prefix),
      },
      health: {
        monitor,
        postDeploy: {
          ...monitor,
          messages: createMessageStore(redis, prefix),
          states: createMessageStateStore(redis, prefix),
          links,
          tries: createProbeTries(redis, prefix),
          attempts: env.POST_DEPLOY_PROBE_ATTEMPTS,
          intervalMs: env.POST_DEPLOY_PROBE_INTERVAL_MS,
        },
      },
    },
  );
  const app = buildApp({
    logger,
    metrics,
    readiness: { redis: () => redisAnswers(redis), workers: () => workers.every((w) => w.isRunning()) },
    beforeScrape: () => collectQueueDepth(metrics, queues),
  });
  let started: Promise<void> | undefined;
  const start = async () => {
    await waitForRedis(redis, 10_000);
    if (env.HEALTH_MONITORS === 'false') return removeMonitorSchedules(healthChecks);
    const ids = await syncMonitorSchedules(healthChecks, apps, env.HEALTH_MONITOR_INTERVAL_MS);
    logger.info({ monitors: ids }, `health monitors: ${ids.length}`);
  };
  return {
    app,
    workers,
    ready: () => {
      started ??= start();
      return started;
    },
    async close() {
      await app.close();
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(queues.map((q) => q.close()));
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Slack over the shared client: a 429 holds its method for every process (through Redis). */
function createSlack(context: ServiceContext<NotifierConfig>, redis: ReturnType<typeof createRedis>): SlackPort {
  const { env, logger } = context;
  const prefix = env.CHATOPS_QUEUE_PREFIX;
  const api = createSlackApi({
    token: env.SLACK_BOT_TOKEN,
    apiUrl: env.SLACK_API_URL,
    logger,
    hold: createSlackRateHold(redis, prefix),
  });
  return createSlackAdapter(api, createResponder({ redis, prefix, slack: api }));
}
