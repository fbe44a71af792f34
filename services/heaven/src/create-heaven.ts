import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Queue, Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { QUEUES, type AppsConfig } from '@chatops/shared/contracts';
import {
  collectQueueDepth,
  createLockStore,
  createMetrics,
  createRedis,
  instrumentPort,
  redisAnswers,
  waitForRedis,
  type Logger,
  type Metrics,
  createQueue,
} from '@chatops/shared/runtime';
import { createGitHubAdapter, createOctokit } from './adapters/octokit-github.js';
import { createBullmqIntake } from './adapters/bullmq-intake.js';
import { buildApp } from './app.js';
import type { HeavenConfig } from './config.js';
import type { Clock, GitHubPort, Providers } from './ports.js';
import { createActionsProvider } from './providers/actions-provider.js';
import { createCircleCiProvider } from './providers/circleci-provider.js';
import { createShellProvider } from './providers/shell-provider.js';
import { createDeploymentStore } from './run/deployment-store.js';
import { createWorkers } from './workers/create-workers.js';
import { readDashboard } from './dashboard/read-dashboard.js';

export type Heaven = {
  app: FastifyInstance;
  workers: Worker[];
  ready: () => Promise<void>;
  close: () => Promise<void>;
};

export type HeavenOverrides = { github?: GitHubPort; clock?: Clock; metricsDefaults?: boolean };

/** Builds heaven from its validated environment and the apps config: real adapters, queues, workers, HTTP app. */
export function createHeaven(
  config: HeavenConfig,
  apps: AppsConfig,
  logger: Logger,
  overrides: HeavenOverrides = {},
): Heaven {
  const prefix = config.CHATOPS_QUEUE_PREFIX;
  const workerRedis = createRedis(config.REDIS_URL, 'worker');
  const producerRedis = createRedis(config.REDIS_URL, 'producer');
  // heaven's own keys on a connection of their own: BullMQ defines its ~50 scripts on the worker
  // connection, and ioredis copies every one onto each MULTI it makes there (about 70 µs a MULTI
  // against 18 µs on a plain connection, measured); the store makes several per deployment.
  const storeRedis = createRedis(config.REDIS_URL, 'worker');
  const metrics = createMetrics('heaven', { defaults: overrides.metricsDefaults ?? true });
  const github = instrumentPort(overrides.github ?? createGitHub(config, logger), 'github', metrics);
  const logDir = config.HEAVEN_LOG_DIR ?? join(tmpdir(), 'chatops-heaven-logs');
  const providers = createProviders(config, github, logDir, metrics);
  const queues = Object.fromEntries(
    [QUEUES.deployments, QUEUES.notifications, QUEUES.ciEvents, QUEUES.deploymentControl].map((name) => [
      name,
      createQueue(name, { connection: producerRedis, prefix, logger }),
    ]),
  );
  const store = createDeploymentStore(storeRedis, prefix);
  const workers = createWorkers({
    apps,
    github,
    providers,
    store,
    locks: createLockStore(storeRedis, prefix),
    clock: overrides.clock ?? { now: () => Date.now() },
    tunables: {
      pollMs: config.HEAVEN_POLL_INTERVAL_MS,
      pollMaxMs: config.HEAVEN_POLL_MAX_MS,
      startWatchdogMs: config.HEAVEN_START_WATCHDOG_MS,
      watchdogMs: config.HEAVEN_WATCHDOG_MS,
      defaultTimeoutMs: config.HEAVEN_DEFAULT_TIMEOUT_MS,
    },
    log: logger,
    connection: workerRedis,
    prefix,
    metrics,
    lockMs: config.HEAVEN_JOB_LOCK_MS,
    concurrency: config.HEAVEN_WORKER_CONCURRENCY,
    deployments: queues[QUEUES.deployments]!,
  });
  const app = buildApp({
    logger,
    apps,
    githubWebhookSecret: config.GITHUB_WEBHOOK_SECRET,
    circleciWebhookSecret: config.CIRCLECI_WEBHOOK_SECRET,
    intake: createBullmqIntake(queues, createDeploymentStore(producerRedis, prefix), {
      attempts: config.HEAVEN_JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: config.HEAVEN_JOB_BACKOFF_MS },
    }),
    metrics,
    readiness: { redis: () => redisAnswers(producerRedis), workers: () => workers.every((w) => w.isRunning()) },
    logDir: config.PUBLIC_URL ? logDir : undefined,
    beforeScrape: () => collectQueueDepth(metrics, Object.values(queues)),
    admin: adminOptions(config, apps, producerRedis, Object.values(queues)),
  });
  const close = async () => {
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
  };
  return { app, workers, ready, close };
}

function createGitHub(config: HeavenConfig, logger: Logger): GitHubPort {
  const app = config.GITHUB_APP_ID
    ? {
        appId: config.GITHUB_APP_ID,
        privateKey: config.GITHUB_APP_PRIVATE_KEY!,
        installationId: config.GITHUB_APP_INSTALLATION_ID!,
      }
    : undefined;
  return createGitHubAdapter(
    createOctokit({
      baseUrl: config.GITHUB_API_URL,
      token: config.GITHUB_TOKEN,
      app,
      retries: config.HEAVEN_GITHUB_RETRIES,
      writeIntervalMs: config.GITHUB_WRITE_INTERVAL_MS,
      logger,
    }),
  );
}

/**
 * The providers heaven can run: Actions always (it needs only GitHub), CircleCI with a token, shell with a
 * public URL.
 */
function createProviders(config: HeavenConfig, github: GitHubPort, logDir: string, metrics: Metrics): Providers {
  const providers: Providers = { 'github-actions': createActionsProvider(github) };
  if (config.CIRCLECI_TOKEN)
    providers.circleci = instrumentPort(
      createCircleCiProvider({ apiUrl: config.CIRCLECI_API_URL, token: config.CIRCLECI_TOKEN }),
      'circleci',
      metrics,
    );
  if (config.PUBLIC_URL) providers.shell = createShellProvider({ logDir, publicUrl: config.PUBLIC_URL });
  return providers;
}

/** The dashboard and the queue board, only when the admin credentials are set. */
function adminOptions(config: HeavenConfig, apps: AppsConfig, redis: ReturnType<typeof createRedis>, queues: Queue[]) {
  if (!config.HEAVEN_ADMIN_USER || !config.HEAVEN_ADMIN_PASSWORD) return undefined;
  const prefix = config.CHATOPS_QUEUE_PREFIX;
  const sources = {
    apps,
    store: createDeploymentStore(redis, prefix),
    locks: createLockStore(redis, prefix),
    githubApiUrl: config.GITHUB_API_URL,
    now: Date.now,
  };
  return {
    credentials: { user: config.HEAVEN_ADMIN_USER, password: config.HEAVEN_ADMIN_PASSWORD },
    dashboard: () => readDashboard(sources),
    queues,
    refreshS: config.HEAVEN_DASHBOARD_REFRESH_S,
  };
}
