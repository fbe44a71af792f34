import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import { QUEUES } from '@chatops/shared/contracts';
import {
  collectQueueDepth,
  createLockStore,
  createMetrics,
  createPayloadNonces,
  createQueue,
  createRedis,
  instrumentPort,
  redisAnswers,
  waitForRedis,
  type HttpAppOptions,
  type PayloadNonces,
  type Redis,
  type Service,
  type ServiceContext,
} from '@chatops/shared/runtime';
import { createBullmqIntake } from './adapters/bullmq-intake.js';
import { createBullmqWaker } from './adapters/bullmq-waker.js';
import { createGitHubPort } from './adapters/octokit-github.js';
import { buildApp } from './app.js';
import type { HeavenConfig } from './config.js';
import { readDashboard } from './dashboard/read-dashboard.js';
import type { Clock, GitHubPort, IntakePort } from './ports.js';
import { createProviders } from './providers/create-providers.js';
import { scheduleShellLogRetention } from './providers/shell-log-retention.js';
import type { AdminOptions } from './routes/admin.js';
import { createDeploymentTrust } from './run/trust-deployment.js';
import { createLoginFailures } from './stores/login-failures.js';
import { createOnceKeys } from './stores/once-keys.js';
import { createRunStore, deleteLegacyLineSet } from './stores/run-store.js';
import { createWakeFlags } from './stores/wake-flags.js';
import { createWorkers } from './workers/create-workers.js';

/** Fakes and knobs for tests; production passes none. */
export type HeavenOverrides = {
  github?: GitHubPort;
  clock?: Clock;
  /** Node's default metrics (off when several heavens run in one test process). */
  metricsDefaults?: boolean;
  /** The webhook intake (e.g. one whose Redis is down). */
  intake?: IntakePort;
  nonces?: PayloadNonces;
  /** false: the workers are built but take no job (tests that look at what the routes enqueued). */
  runWorkers?: boolean;
  httpTimeouts?: HttpAppOptions['timeouts'];
};

const QUEUE_NAMES = [QUEUES.deployments, QUEUES.notifications, QUEUES.ciEvents, QUEUES.deploymentControl];

/** Builds heaven from its validated environment and the apps config: adapters, queues, workers, HTTP app. */
export function createHeaven({
  env,
  apps,
  logger,
  overrides = {},
}: ServiceContext<HeavenConfig> & { overrides?: HeavenOverrides }): Service {
  const prefix = env.CHATOPS_QUEUE_PREFIX;
  const workerRedis = createRedis(env.REDIS_URL, 'worker');
  const producerRedis = createRedis(env.REDIS_URL, 'producer');
  // heaven's own keys on a connection of their own: BullMQ defines its ~50 scripts on the worker
  // connection, and ioredis copies every one onto each MULTI it makes there (about 70 µs a MULTI
  // against 18 µs on a plain connection, measured); the store makes several per deployment.
  const storeRedis = createRedis(env.REDIS_URL, 'worker');
  const metrics = createMetrics('heaven', { defaults: overrides.metricsDefaults ?? true });
  const github = instrumentPort(overrides.github ?? createGitHubPort(env, logger), 'github', metrics);
  const logDir = env.HEAVEN_LOG_DIR ?? join(tmpdir(), 'chatops-heaven-logs');
  const queues = Object.fromEntries(
    QUEUE_NAMES.map((name) => [name, createQueue(name, { connection: producerRedis, prefix, logger })]),
  );
  const clock = overrides.clock ?? { now: () => Date.now() };
  const once = createOnceKeys(storeRedis, prefix);
  const workers = createWorkers({
    run: {
      apps,
      github,
      providers: createProviders(env, github, logDir, metrics),
      store: createRunStore(storeRedis, prefix),
      once,
      locks: createLockStore(storeRedis, prefix),
      clock,
      tunables: {
        pollMs: env.HEAVEN_POLL_INTERVAL_MS,
        pollMaxMs: env.HEAVEN_POLL_MAX_MS,
        startWatchdogMs: env.HEAVEN_START_WATCHDOG_MS,
        watchdogMs: env.HEAVEN_WATCHDOG_MS,
        defaultTimeoutMs: env.HEAVEN_DEFAULT_TIMEOUT_MS,
      },
      trust: createDeploymentTrust({
        secret: env.CHATOPS_PAYLOAD_SECRET,
        nonces: overrides.nonces ?? createPayloadNonces(storeRedis, prefix),
      }),
      log: logger,
      metrics,
    },
    waker: createBullmqWaker(queues[QUEUES.deployments]!, createWakeFlags(workerRedis, prefix)),
    deployments: queues[QUEUES.deployments]!,
    connection: workerRedis,
    prefix,
    logger,
    metrics,
    lockMs: env.HEAVEN_JOB_LOCK_MS,
    concurrency: env.HEAVEN_WORKER_CONCURRENCY,
    autorun: overrides.runWorkers ?? true,
  });
  const intake =
    overrides.intake ??
    createBullmqIntake(queues, createOnceKeys(producerRedis, prefix), {
      attempts: env.HEAVEN_JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: env.HEAVEN_JOB_BACKOFF_MS },
    });
  const app = buildApp({
    logger,
    apps,
    githubWebhookSecret: env.GITHUB_WEBHOOK_SECRET,
    circleciWebhookSecret: env.CIRCLECI_WEBHOOK_SECRET,
    intake,
    metrics,
    readiness: { redis: () => redisAnswers(producerRedis), workers: () => workers.every((w) => w.isRunning()) },
    logDir: env.PUBLIC_URL ? logDir : undefined,
    beforeScrape: () => collectQueueDepth(metrics, Object.values(queues)),
    admin: adminOptions(env, apps, producerRedis, Object.values(queues), clock),
    timeouts: overrides.httpTimeouts,
  });
  const stopRetention = env.PUBLIC_URL
    ? scheduleShellLogRetention(logDir, env.HEAVEN_LOG_RETENTION_DAYS, (e) =>
        logger.warn({ err: e }, 'could not delete old shell logs'),
      )
    : () => undefined;
  const close = async () => {
    stopRetention();
    // Requests in flight when closing starts leave keep-alive connections behind: close them as they go idle.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
    await app.close().finally(() => clearInterval(sweep));
    logger.debug('closing: HTTP closed, closing workers');
    await Promise.all(workers.map((w) => w.close()));
    logger.debug('closing: workers closed, closing queues');
    await Promise.all(Object.values(queues).map((q) => q.close()));
    logger.debug('closing: queues closed, closing Redis');
    await Promise.all([workerRedis, producerRedis, storeRedis].map((r) => r.quit().catch(() => undefined)));
  };
  /** Resolves once Redis answers, so the first webhook is not answered 503. */
  const ready = async () => {
    await Promise.all([producerRedis, workerRedis, storeRedis].map((r) => waitForRedis(r, 10_000)));
    await deleteLegacyLineSet(storeRedis, prefix);
  };
  return { app, workers, ready, close };
}

/** The dashboard and the queue board, only when the admin credentials are set. */
function adminOptions(
  env: HeavenConfig,
  apps: ServiceContext<HeavenConfig>['apps'],
  redis: Redis,
  queues: Queue[],
  clock: Clock,
): AdminOptions | undefined {
  if (!env.HEAVEN_ADMIN_USER || !env.HEAVEN_ADMIN_PASSWORD) return undefined;
  const prefix = env.CHATOPS_QUEUE_PREFIX;
  const sources = {
    apps,
    store: createRunStore(redis, prefix),
    locks: createLockStore(redis, prefix),
    githubApiUrl: env.GITHUB_API_URL,
    now: () => clock.now(),
  };
  return {
    credentials: { user: env.HEAVEN_ADMIN_USER, password: env.HEAVEN_ADMIN_PASSWORD },
    limiter: createLoginFailures(redis, prefix),
    dashboard: () => readDashboard(sources),
    queues,
    boardWrites: env.HEAVEN_QUEUE_BOARD_WRITES,
    refreshS: env.HEAVEN_DASHBOARD_REFRESH_S,
  };
}
