import { QUEUES } from '@chatops/shared/contracts';
import {
  awaitRedis,
  closeService,
  collectQueueDepth,
  createMetrics,
  createDeploymentButtonStore,
  createPayloadNonces,
  createQueue,
  createRedis,
  createResponder,
  createSlackApi,
  createSlackRateHold,
  instrumentPort,
  redisAnswers,
  slackClientEnv,
  type Redis,
  type Service,
  type ServiceContext,
} from '@chatops/shared/runtime';
import { createHomeUpdates } from './adapters/bullmq-home-updates.js';
import { createPostDeployRequests } from './adapters/bullmq-post-deploy-requests.js';
import { createHttpHealthProbe } from './adapters/http-health-probe.js';
import { createSlackAdapter } from './adapters/slack-adapter.js';
import { buildApp } from './app.js';
import type { NotifierEnv } from './config.js';
import { createMonitorSync } from './health/monitor-sync.js';
import type { Clock, HealthProbe, SlackPort } from './ports.js';
import { githubLinks } from './render/github-links.js';
import { createAnnouncementClaims } from './stores/announcement-claims.js';
import { createDeploymentSessions } from './stores/deployment-sessions.js';
import { createKeyLock } from './stores/key-lock.js';
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
  /** How long `ready` waits for Redis before it gives up waiting (10 s). */
  redisWaitMs?: number;
};

/**
 * The notifier from its validated environment and the apps config: its Redis, queues, stores,
 * Slack, health probe, workers and HTTP app. `ready` waits up to 10 s for Redis (then resolves
 * anyway: `/readyz` answers 503 until Redis does) and syncs the monitor schedulers with the config
 * once Redis answers; `close` stops HTTP, lets running jobs finish, then closes the queues and Redis.
 */
export function createNotifier(context: ServiceContext<NotifierEnv> & { overrides?: NotifierOverrides }): Service {
  const { env, apps, logger, overrides = {} } = context;
  const prefix = env.CHATOPS_QUEUE_PREFIX;
  const redis = createRedis(env.REDIS_URL, 'worker', { logger });
  const metrics = createMetrics('notifier', { defaults: overrides.metricsDefaults ?? true });
  const clock = overrides.clock ?? { now: () => Date.now() };
  const notifications = createQueue(QUEUES.notifications, { connection: redis, prefix, logger });
  const healthChecks = createQueue(QUEUES.healthChecks, { connection: redis, prefix, logger });
  const homeUpdates = createQueue(QUEUES.homeUpdates, { connection: redis, prefix, logger });
  const queues = [notifications, healthChecks, homeUpdates];
  const slack = instrumentPort(overrides.slack ?? createSlack(context, redis), 'slack', metrics);
  const probe =
    overrides.probe ??
    createHttpHealthProbe({ timeoutMs: env.HEALTH_PROBE_TIMEOUT_MS, maxRedirects: env.HEALTH_MAX_REDIRECTS });
  const links = githubLinks(env.GITHUB_WEB_URL);
  const sessions = createDeploymentSessions(redis, prefix, env.NOTIFIER_KEY_LOCK_MS);
  const monitor = {
    config: apps,
    slack,
    probe,
    monitors: createMonitorStateStore(redis, prefix),
    lock: createKeyLock(redis, prefix, env.NOTIFIER_KEY_LOCK_MS),
    policy: {
      failuresBeforeDown: env.HEALTH_FAILURES_BEFORE_DOWN,
      reminderIntervalMs: env.HEALTH_REMINDER_INTERVAL_MS,
    },
    clock,
    metrics,
  };
  const workers = createWorkers(
    {
      connection: redis,
      prefix,
      logger,
      metrics,
      lockMs: env.NOTIFIER_JOB_LOCK_MS,
      concurrency: env.NOTIFIER_WORKER_CONCURRENCY,
    },
    {
      deployments: {
        config: apps,
        slack,
        sessions,
        links,
        postDeploy: createPostDeployRequests(healthChecks),
        payloadSecret: env.CHATOPS_PAYLOAD_SECRET,
        nonces: createPayloadNonces(redis, prefix),
        buttons: createDeploymentButtonStore(redis, prefix),
        home: createHomeUpdates(homeUpdates),
      },
      announcements: { config: apps, slack, claims: createAnnouncementClaims(redis, prefix) },
      health: {
        monitor,
        postDeploy: {
          config: apps,
          slack,
          probe,
          sessions,
          links,
          tries: createProbeTries(redis, prefix, env.POST_DEPLOY_PROBE_ATTEMPTS * env.POST_DEPLOY_PROBE_INTERVAL_MS),
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
  const monitors = createMonitorSync({
    healthChecks,
    apps,
    enabled: env.HEALTH_MONITORS === 'true',
    everyMs: env.HEALTH_MONITOR_INTERVAL_MS,
    redis,
    logger,
  });
  let started: Promise<void> | undefined;
  const start = async () => {
    const answered = await awaitRedis([redis], logger, overrides.redisWaitMs);
    if (answered) await monitors.sync();
    else monitors.syncWhenRedisAnswers();
  };
  return {
    app,
    workers,
    ready: () => {
      started ??= start();
      return started;
    },
    async close() {
      monitors.stop();
      await closeService({ app, workers, queues, connections: [redis], logger });
    },
  };
}

/** Slack over the shared client: a 429 holds its method for every process (through Redis). */
function createSlack(context: ServiceContext<NotifierEnv>, redis: Redis): SlackPort {
  const { env, logger } = context;
  const prefix = env.CHATOPS_QUEUE_PREFIX;
  const api = createSlackApi({
    ...slackClientEnv(env),
    logger,
    hold: createSlackRateHold(redis, prefix),
  });
  return createSlackAdapter(api, createResponder({ redis, prefix, slack: api }));
}
