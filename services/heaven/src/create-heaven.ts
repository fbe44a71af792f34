import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, type Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { createLockStore, createMetrics, createRedis, QUEUES, redisAnswers, waitForRedis, type AppsConfig, type Logger } from '@chatops/shared';
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

export type Heaven = { app: FastifyInstance; workers: Worker[]; ready: () => Promise<void>; close: () => Promise<void> };

export type HeavenOverrides = { github?: GitHubPort; clock?: Clock; metricsDefaults?: boolean };

/** Builds heaven from its validated environment and the apps config: real adapters, queues, workers, HTTP app. */
export function createHeaven(config: HeavenConfig, apps: AppsConfig, logger: Logger, overrides: HeavenOverrides = {}): Heaven {
  const prefix = config.CHATOPS_QUEUE_PREFIX;
  const workerRedis = createRedis(config.REDIS_URL, 'worker');
  const producerRedis = createRedis(config.REDIS_URL, 'producer');
  const github =
    overrides.github ??
    createGitHubAdapter(
      createOctokit({
        baseUrl: config.GITHUB_API_URL,
        token: config.GITHUB_TOKEN,
        app: config.GITHUB_APP_ID ? { appId: config.GITHUB_APP_ID, privateKey: config.GITHUB_APP_PRIVATE_KEY!, installationId: config.GITHUB_APP_INSTALLATION_ID! } : undefined,
        retries: config.HEAVEN_GITHUB_RETRIES,
        logger,
      }),
    );
  const logDir = config.HEAVEN_LOG_DIR ?? join(tmpdir(), 'chatops-heaven-logs');
  const providers: Providers = { 'github-actions': createActionsProvider(github) };
  if (config.CIRCLECI_TOKEN) providers.circleci = createCircleCiProvider({ apiUrl: config.CIRCLECI_API_URL, token: config.CIRCLECI_TOKEN });
  if (config.PUBLIC_URL) providers.shell = createShellProvider({ logDir, publicUrl: config.PUBLIC_URL });
  const queues = Object.fromEntries(
    [QUEUES.deployments, QUEUES.notifications, QUEUES.ciEvents].map((name) => [name, new Queue(name, { connection: producerRedis, prefix })]),
  );
  const metrics = createMetrics('heaven', { defaults: overrides.metricsDefaults ?? true });
  const store = createDeploymentStore(workerRedis, prefix);
  const workers = createWorkers({
    apps,
    github,
    providers,
    store,
    locks: createLockStore(workerRedis, prefix),
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
    deployments: queues[QUEUES.deployments]!,
  });
  const app = buildApp({
    logger,
    apps,
    githubWebhookSecret: config.GITHUB_WEBHOOK_SECRET,
    circleciWebhookSecret: config.CIRCLECI_WEBHOOK_SECRET,
    intake: createBullmqIntake(queues, createDeploymentStore(producerRedis, prefix)),
    metrics,
    readiness: { redis: () => redisAnswers(producerRedis), workers: () => workers.every((w) => w.isRunning()) },
    logDir: config.PUBLIC_URL ? logDir : undefined,
  });
  const close = async () => {
    await app.close();
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all(Object.values(queues).map((q) => q.close()));
    await Promise.all([workerRedis.quit().catch(() => undefined), producerRedis.quit().catch(() => undefined)]);
  };
  /** Resolves once Redis answers, so the first webhook is not answered 503. */
  const ready = async () => {
    await Promise.all([waitForRedis(producerRedis, 10_000), waitForRedis(workerRedis, 10_000)]);
  };
  return { app, workers, ready, close };
}
