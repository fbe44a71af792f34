import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUEUES } from '@chatops/shared/contracts';
import {
  awaitRedis,
  closeService,
  collectQueueDepth,
  createMetrics,
  createQueue,
  createRedis,
  createDeploymentRecordStore,
  doraSettings,
  redisAnswers,
  type HttpAppOptions,
  type PayloadNonces,
  type Service,
  type ServiceContext,
} from '@chatops/shared/runtime';
import { createBullmqAnnouncer } from './adapters/bullmq-announcer.js';
import { createBullmqIntake } from './adapters/bullmq-intake.js';
import { createBullmqWaker } from './adapters/bullmq-waker.js';
import { adminOptions } from './admin-options.js';
import { buildApp } from './app.js';
import type { HeavenEnv } from './config.js';
import { createRunDeps } from './create-run-deps.js';
import { registerDoraGauges } from './dora/dora-gauges.js';
import type { Clock, GitHubPort, IntakePort } from './ports.js';
import { scheduleShellLogRetention } from './providers/shell-log-retention.js';
import { createOnceKeys } from './stores/once-keys.js';
import { deleteLegacyLineSet } from './stores/run-store.js';
import { createWakeFlags } from './stores/wake-flags.js';
import { createWorkers } from './workers/create-workers.js';

/** Fakes and knobs for tests; each port left out is the real adapter. */
export type HeavenOverrides = {
  github?: GitHubPort;
  clock?: Clock;
  /** Node's default metrics (off when several heavens run in one test process). */
  metricsDefaults?: boolean;
  /** The webhook intake (e.g. one whose Redis is down); the workers keep their own connection. */
  intake?: IntakePort;
  nonces?: PayloadNonces;
  /** false: the workers are built but take jobs only once their `run()` is called. */
  autorun?: boolean;
  httpTimeouts?: HttpAppOptions['timeouts'];
  /** How long `ready` waits for Redis before it gives up waiting (10 s). */
  redisWaitMs?: number;
};

type HeavenContext = ServiceContext<HeavenEnv> & { overrides?: HeavenOverrides };

const QUEUE_NAMES = [
  QUEUES.deployments,
  QUEUES.notifications,
  QUEUES.ciEvents,
  QUEUES.deploymentControl,
  QUEUES.protectionRules,
  QUEUES.announcements,
];

/**
 * heaven from its validated environment and the apps config: its Redis, queues, workers (with what a
 * run needs: create-run-deps.ts) and HTTP app. `ready` waits up to 10 s for Redis, then resolves
 * anyway (`/readyz` and webhooks answer 503 until Redis does); `close` stops HTTP, lets running
 * jobs finish, then closes the queues and Redis (closeService).
 */
export function createHeaven(context: HeavenContext): Service {
  const { env, apps, logger, overrides = {} } = context;
  const prefix = env.CHATOPS_QUEUE_PREFIX;
  const clock = overrides.clock ?? { now: () => Date.now() };
  // The HTTP side fails fast when Redis is away (webhooks get 503, GitHub redelivers); the workers wait it out.
  const producerRedis = createRedis(env.REDIS_URL, 'producer', { logger });
  const workerRedis = createRedis(env.REDIS_URL, 'worker', { logger });
  // heaven's own keys on a connection of their own: BullMQ defines its ~50 scripts on the worker
  // connection, and ioredis copies every one onto each MULTI it makes there (about 70 µs a MULTI
  // against 18 µs on a plain connection, measured); the store makes several per deployment.
  const storeRedis = createRedis(env.REDIS_URL, 'worker', { logger });
  const metrics = createMetrics('heaven', { defaults: overrides.metricsDefaults ?? true });
  registerDoraGauges(metrics, {
    apps,
    records: createDeploymentRecordStore(producerRedis, prefix),
    now: () => clock.now(),
    settings: doraSettings(env),
  });
  const logDir = env.HEAVEN_LOG_DIR ?? join(tmpdir(), 'chatops-heaven-logs');
  const queues = Object.fromEntries(
    QUEUE_NAMES.map((name) => [name, createQueue(name, { connection: producerRedis, prefix, logger })]),
  );
  const queueList = Object.values(queues);
  const deployments = queues[QUEUES.deployments]!;
  const workers = createWorkers(
    {
      connection: workerRedis,
      prefix,
      logger,
      metrics,
      concurrency: env.HEAVEN_WORKER_CONCURRENCY,
      lockMs: env.HEAVEN_JOB_LOCK_MS,
      autorun: overrides.autorun,
    },
    {
      run: {
        ...createRunDeps(context, storeRedis, metrics, clock, logDir),
        announce: createBullmqAnnouncer(queues[QUEUES.announcements]!, {
          attempts: env.HEAVEN_JOB_ATTEMPTS,
          backoff: { type: 'exponential', delay: env.HEAVEN_JOB_BACKOFF_MS },
        }),
      },
      waker: createBullmqWaker(deployments, createWakeFlags(workerRedis, prefix)),
      deployments,
    },
  );
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
    beforeScrape: () => collectQueueDepth(metrics, queueList),
    admin: adminOptions(env, apps, producerRedis, queueList, clock, logger),
    timeouts: overrides.httpTimeouts,
  });
  const stopRetention = env.PUBLIC_URL
    ? scheduleShellLogRetention(logDir, env.HEAVEN_LOG_RETENTION_DAYS, (e) =>
        logger.warn({ err: e }, 'could not delete old shell logs'),
      )
    : () => undefined;
  const connections = [producerRedis, workerRedis, storeRedis];
  const cleanUp = () =>
    deleteLegacyLineSet(storeRedis, prefix).catch((e: unknown) =>
      logger.warn({ err: e }, 'could not delete the legacy set of lines'),
    );
  return {
    app,
    workers,
    // Take webhooks once the queues can; if Redis is away, listen anyway (webhooks and /readyz get 503).
    ready: async () => {
      if (!(await awaitRedis(connections, logger, overrides.redisWaitMs))) {
        storeRedis.once('ready', () => void cleanUp());
        return;
      }
      await Promise.all([cleanUp(), ...queueList.map((q) => q.waitUntilReady())]);
    },
    async close() {
      stopRetention();
      await closeService({ app, workers, queues: queueList, connections, logger });
    },
  };
}
