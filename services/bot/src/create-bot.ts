import {
  awaitRedis,
  closeService,
  collectQueueDepth,
  createGitHubClient,
  createFreezeStore,
  createLockStore,
  createMessageStore,
  createDeploymentButtonStore,
  createDeploymentRecordStore,
  doraSettings,
  createReviewEnvironmentStore,
  createPayloadNonces,
  createMetrics,
  createRedis,
  createResponder,
  createSlackApi,
  createSlackRateHold,
  DEFAULT_JOB_OPTIONS,
  githubClientEnv,
  githubWritesFromEnv,
  instrumentPort,
  redisAnswers,
  slackClientEnv,
  type HttpAppOptions,
  type Metrics,
  type Redis,
  type Service,
  type ServiceContext,
} from '@chatops/shared/runtime';
import { createBullmqProducer } from './adapters/bullmq-producer.js';
import { createDialogQueue } from './adapters/bullmq-dialog-queue.js';
import { createGitHubRefSource } from './adapters/github-ref-source.js';
import { createSlackViewsAdapter } from './adapters/slack-views-adapter.js';
import { createSlackHomeAdapter } from './adapters/slack-home-adapter.js';
import { createGitHubAdapter } from './adapters/github-adapter.js';
import { createSlackAdapter } from './adapters/slack-adapter.js';
import { cacheUserNames } from './adapters/user-name-cache.js';
import { buildApp } from './app.js';
import { protectionRuleWarning, usesGitHubApp, type BotEnv } from './config.js';
import type { Clock, GitHubPort, ProducerPort, RateCounter, ResponderPort, SlackPort } from './ports.js';
import { createApprovalStore } from './stores/approval-store.js';
import { createConfirmationStore } from './stores/confirmation-store.js';
import { createGroupCache } from './stores/group-cache.js';
import { createHomeStore } from './stores/home-store.js';
import { createMarkStore } from './stores/mark-store.js';
import { createRateCounter } from './stores/rate-counter.js';
import { createRefCache } from './stores/ref-cache.js';
import { createWorkers } from './workers/create-workers.js';

/** Fakes and knobs for tests; each port left out is the real adapter. */
export type BotOverrides = {
  github?: GitHubPort;
  slack?: SlackPort;
  responder?: ResponderPort;
  clock?: Clock;
  /** The producer the routes enqueue with (e.g. one whose Redis is down); the worker keeps its own. */
  producer?: ProducerPort;
  /** The routes' rate counter (e.g. one whose Redis is down). */
  rateCounter?: RateCounter;
  /** Node's default metrics (off in tests that build many bots in one process). */
  metricsDefaults?: boolean;
  /** false: the worker is built but takes jobs only once its `run()` is called. */
  autorun?: boolean;
  httpTimeouts?: HttpAppOptions['timeouts'];
};

type BotContext = ServiceContext<BotEnv> & { overrides?: BotOverrides };

/** Builds the bot from its validated environment and the apps config: adapters, queues, the worker, the HTTP app. */
export function createBot(context: BotContext): Service {
  const { env, apps, logger, overrides = {} } = context;
  const warning = protectionRuleWarning(env, apps);
  if (warning) logger.warn(warning);
  const prefix = env.CHATOPS_QUEUE_PREFIX;
  const clock = overrides.clock ?? { now: () => Date.now() };
  // The HTTP side fails fast when Redis is away (the person is told); the worker waits it out.
  const producerRedis = createRedis(env.REDIS_URL, 'producer', { logger });
  const workerRedis = createRedis(env.REDIS_URL, 'worker', { logger });
  // The rate counter's pipelines on a plain connection: on the queues' one, ioredis copies BullMQ's
  // ~50 scripts onto every pipeline (about 70 µs each against 18 µs, measured).
  const storeRedis = createRedis(env.REDIS_URL, 'producer', { logger });
  const metrics = createMetrics('bot', { defaults: overrides.metricsDefaults ?? true });
  const jobOptions = {
    ...DEFAULT_JOB_OPTIONS,
    attempts: env.BOT_JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: env.BOT_JOB_BACKOFF_MS },
  };
  const producer = createBullmqProducer(producerRedis, prefix, jobOptions);
  const workerProducer = createBullmqProducer(workerRedis, prefix, jobOptions);
  const dialogs = createDialogQueue(producerRedis, prefix);
  const workers = createWorkers(
    {
      connection: workerRedis,
      prefix,
      logger,
      metrics,
      concurrency: env.BOT_WORKER_CONCURRENCY,
      lockMs: env.BOT_JOB_LOCK_MS,
      autorun: overrides.autorun,
    },
    {
      config: apps,
      ...externalPorts(context, workerRedis, metrics, clock),
      marks: createMarkStore(workerRedis, prefix),
      rateCounter: createRateCounter(workerRedis, prefix),
      confirmations: createConfirmationStore(workerRedis, prefix),
      approvals: createApprovalStore(workerRedis, prefix),
      groups: createGroupCache(workerRedis, prefix),
      locks: createLockStore(workerRedis, prefix, clock),
      freezes: createFreezeStore(workerRedis, prefix),
      messages: createMessageStore(workerRedis, prefix),
      buttons: createDeploymentButtonStore(workerRedis, prefix),
      records: createDeploymentRecordStore(workerRedis, prefix),
      dora: doraSettings(env),
      reviews: createReviewEnvironmentStore(workerRedis, prefix),
      home: createHomeStore(workerRedis, prefix),
      nonces: createPayloadNonces(workerRedis, prefix),
      refs: createRefCache(workerRedis, prefix),
      producer: workerProducer,
      clock,
      command: env.SLACK_COMMAND,
      payloadSecret: env.CHATOPS_PAYLOAD_SECRET,
      githubApp: usesGitHubApp(env),
    },
  );
  const app = buildApp({
    config: apps,
    signingSecret: env.SLACK_SIGNING_SECRET,
    producer: overrides.producer ?? producer,
    rateCounter: overrides.rateCounter ?? createRateCounter(storeRedis, prefix),
    groups: createGroupCache(storeRedis, prefix),
    dialogs: {
      queue: dialogs,
      locks: createLockStore(storeRedis, prefix, clock),
      freezes: createFreezeStore(storeRedis, prefix),
      refs: createRefCache(storeRedis, prefix),
      payloadSecret: env.CHATOPS_PAYLOAD_SECRET,
    },
    metrics,
    logger,
    clock,
    readiness: { redis: () => redisAnswers(producerRedis), worker: () => workers.every((w) => w.isRunning()) },
    beforeScrape: () => collectQueueDepth(metrics, producer.queues),
    timeouts: overrides.httpTimeouts,
  });
  return {
    app,
    workers,
    // Take commands once the queues can; if Redis is away, listen anyway (commands get "try again").
    ready: async () => {
      if (await awaitRedis([producerRedis, storeRedis], logger))
        await Promise.all([...producer.queues, dialogs.queue].map((q) => q.waitUntilReady()));
    },
    close: () =>
      closeService({
        app,
        workers,
        queues: [producer, workerProducer, dialogs.queue],
        connections: [producerRedis, storeRedis, workerRedis],
        logger,
      }),
  };
}

/**
 * GitHub, Slack and the responder, real or the tests' fakes, each call's latency and errors counted
 * per API (GET /metrics); display names from users.info reused for a minute (after the count, so
 * it counts only the calls that reach Slack).
 */
function externalPorts(context: BotContext, redis: Redis, metrics: Metrics, clock: Clock) {
  const { env, logger, overrides = {} } = context;
  const prefix = env.CHATOPS_QUEUE_PREFIX;
  // Every Slack call, the responder's fallback included, holds a method for everyone after a 429.
  const slackApi = createSlackApi({
    ...slackClientEnv(env),
    logger,
    hold: createSlackRateHold(redis, prefix),
  });
  const github = overrides.github ?? createGitHub(env, logger, redis, metrics);
  const slack = overrides.slack ?? createSlackAdapter(slackApi);
  const responder = overrides.responder ?? createResponder({ redis, prefix, slack: slackApi });
  return {
    github: instrumentPort(github, 'github', metrics),
    slack: cacheUserNames(instrumentPort(slack, 'slack', metrics), clock),
    responder: instrumentPort(responder, 'slack', metrics),
    views: instrumentPort(createSlackViewsAdapter(slackApi), 'slack', metrics),
    refSource: instrumentPort(
      createGitHubRefSource(createGitHubClient({ ...githubClientEnv(env), userAgent: 'chatops-bot', logger })),
      'github',
      metrics,
    ),
    homeViews: instrumentPort(createSlackHomeAdapter(slackApi), 'slack', metrics),
  };
}

function createGitHub(
  env: BotEnv,
  logger: ServiceContext<BotEnv>['logger'],
  redis: Redis,
  metrics: Metrics,
): GitHubPort {
  const octokit = createGitHubClient({
    ...githubClientEnv(env),
    writeBudget: githubWritesFromEnv(env, redis, metrics),
    userAgent: 'chatops-bot',
    logger,
  });
  return createGitHubAdapter(octokit);
}
