import {
  collectQueueDepth,
  createGitHubClient,
  createLockStore,
  createMessageStore,
  createMetrics,
  createRedis,
  createResponder,
  createSlackApi,
  createSlackRateHold,
  DEFAULT_JOB_OPTIONS,
  redisAnswers,
  waitForRedis,
  withTimeout,
  githubCredentials,
  type Service,
  type ServiceContext,
} from '@chatops/shared/runtime';
import { createBullmqProducer } from './adapters/bullmq-producer.js';
import { createGitHubAdapter } from './adapters/github-adapter.js';
import { createSlackAdapter } from './adapters/slack-adapter.js';
import { buildApp } from './app.js';
import type { BotEnv } from './config.js';
import type { Clock, GitHubPort, ResponderPort, SlackPort } from './ports.js';
import { createBotStore } from './stores/bot-store.js';
import { createCommandWorker } from './workers/create-command-worker.js';

/** Fakes for tests; each one left out is the real adapter. */
export type BotOverrides = {
  github?: GitHubPort;
  slack?: SlackPort;
  responder?: ResponderPort;
  clock?: Clock;
  /** Node's default metrics (off in tests that build many bots in one process). */
  metricsDefaults?: boolean;
  /** false: the worker takes jobs only once its `run()` is called. */
  autorun?: boolean;
};

/** Builds the bot from its validated environment and the apps config: adapters, queues, the worker, the HTTP app. */
export function createBot(context: ServiceContext<BotEnv> & { overrides?: BotOverrides }): Service {
  const { env, apps, logger, overrides = {} } = context;
  const prefix = env.CHATOPS_QUEUE_PREFIX;
  const clock = overrides.clock ?? Date.now;
  // The HTTP side fails fast when Redis is away (the person is told); the worker waits it out.
  const producerRedis = createRedis(env.REDIS_URL, 'producer');
  const workerRedis = createRedis(env.REDIS_URL, 'worker');
  // The rate counter's pipelines on a plain connection: on the queues' one, ioredis copies BullMQ's
  // ~50 scripts onto every pipeline (about 70 µs each against 18 µs, measured).
  const storeRedis = createRedis(env.REDIS_URL, 'producer');
  const metrics = createMetrics('bot', { defaults: overrides.metricsDefaults ?? true });
  const jobOptions = {
    ...DEFAULT_JOB_OPTIONS,
    attempts: env.BOT_JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: env.BOT_JOB_BACKOFF_MS },
  };
  const producer = createBullmqProducer(producerRedis, prefix, jobOptions);
  const workerProducer = createBullmqProducer(workerRedis, prefix, jobOptions);
  // Every Slack call, the responder's fallback included, holds a method for everyone after a 429.
  const slackApi = createSlackApi({
    token: env.SLACK_BOT_TOKEN,
    apiUrl: env.SLACK_API_URL,
    logger,
    hold: createSlackRateHold(workerRedis, prefix),
  });
  const worker = createCommandWorker(
    {
      config: apps,
      github: overrides.github ?? createGitHub(env, logger),
      slack: overrides.slack ?? createSlackAdapter(slackApi),
      responder: overrides.responder ?? createResponder({ redis: workerRedis, prefix, slack: slackApi }),
      store: createBotStore(workerRedis, prefix),
      locks: createLockStore(workerRedis, prefix),
      messages: createMessageStore(workerRedis, prefix),
      producer: workerProducer,
      clock,
      command: env.SLACK_COMMAND,
      payloadSecret: env.CHATOPS_PAYLOAD_SECRET,
    },
    {
      connection: workerRedis,
      prefix,
      logger,
      metrics,
      concurrency: env.BOT_WORKER_CONCURRENCY,
      lockMs: env.BOT_JOB_LOCK_MS,
      ...(overrides.autorun === false ? { autorun: false } : {}),
    },
  );
  const app = buildApp({
    config: apps,
    signingSecret: env.SLACK_SIGNING_SECRET,
    producer,
    store: createBotStore(storeRedis, prefix),
    metrics,
    logger,
    clock,
    readiness: { redis: () => redisAnswers(producerRedis), worker: () => worker.isRunning() },
    beforeScrape: () => collectQueueDepth(metrics, producer.queues),
  });
  return {
    app,
    workers: [worker],
    // Take commands once the queue can take them; if Redis is away, start anyway (/readyz says 503).
    ready: async () => {
      const queues = producer.queues.map((q) => q.waitUntilReady());
      const redis = [waitForRedis(producerRedis, 10_000), waitForRedis(storeRedis, 10_000)];
      await withTimeout(Promise.all([...redis, ...queues]), 10_000, 'Redis did not answer within 10 s').catch(() =>
        logger.warn('Redis does not answer yet; listening anyway, commands get "try again" until it does'),
      );
    },
    close: async () => {
      // Requests in flight when closing starts leave keep-alive connections behind: close them as they go idle.
      const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
      await app.close().finally(() => clearInterval(sweep));
      await worker.close();
      await Promise.all([producer.close(), workerProducer.close()]);
      producerRedis.disconnect();
      storeRedis.disconnect();
      await workerRedis.quit().catch(() => undefined);
    },
  };
}

function createGitHub(env: BotEnv, logger: ServiceContext<BotEnv>['logger']): GitHubPort {
  const octokit = createGitHubClient({
    baseUrl: env.GITHUB_API_URL,
    credentials: githubCredentials(env),
    retries: env.GITHUB_RETRIES,
    writeIntervalMs: env.GITHUB_WRITE_INTERVAL_MS,
    userAgent: 'chatops-bot',
    logger,
  });
  return createGitHubAdapter(octokit);
}
