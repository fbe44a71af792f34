import {
  DEFAULT_JOB_OPTIONS,
  collectQueueDepth,
  createLockStore,
  createLogger,
  createMessageStore,
  createMetrics,
  createRedis,
  loadAppsConfig,
  redisAnswers,
  runService,
  waitForRedis,
} from '@chatops/shared/runtime';
import { createBullmqProducer } from './adapters/bullmq-producer.js';
import { createFetchResponder } from './adapters/fetch-responder.js';
import { createOctokitGitHub, type GitHubAuth } from './adapters/octokit-github.js';
import { createRedisBotStore } from './adapters/redis-bot-store.js';
import { createSlackWeb } from './adapters/slack-web.js';
import { buildApp } from './app.js';
import { loadConfig, type BotEnv } from './config.js';
import { createBotWorker } from './worker.js';

function githubAuth(env: BotEnv): GitHubAuth {
  if (env.GITHUB_TOKEN) return { token: env.GITHUB_TOKEN };
  return {
    appId: env.GITHUB_APP_ID!,
    privateKey: env.GITHUB_APP_PRIVATE_KEY!,
    installationId: env.GITHUB_APP_INSTALLATION_ID,
  };
}

await runService('bot', async () => {
  const env = loadConfig();
  const config = loadAppsConfig(env.CHATOPS_CONFIG);
  const secrets = [env.SLACK_SIGNING_SECRET, env.SLACK_BOT_TOKEN, env.GITHUB_TOKEN, env.GITHUB_APP_PRIVATE_KEY];
  const logger = createLogger({ name: 'bot', level: env.LOG_LEVEL, secrets });
  const prefix = env.CHATOPS_QUEUE_PREFIX;
  const producerRedis = createRedis(env.REDIS_URL, 'producer');
  const workerRedis = createRedis(env.REDIS_URL, 'worker');
  const metrics = createMetrics('bot');
  // The HTTP side fails fast when Redis is away (the person is told); the worker waits it out.
  const jobOptions = {
    ...DEFAULT_JOB_OPTIONS,
    attempts: env.BOT_JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: env.BOT_JOB_BACKOFF_MS },
  };
  const producer = createBullmqProducer(producerRedis, prefix, jobOptions);
  const workerProducer = createBullmqProducer(workerRedis, prefix, jobOptions);
  // The rate counter's pipelines on a plain connection: on the queues' one, ioredis copies BullMQ's
  // ~50 scripts onto every pipeline (about 70 µs each against 18 µs, measured).
  const storeRedis = createRedis(env.REDIS_URL, 'producer');
  const store = createRedisBotStore(storeRedis, prefix);
  const worker = createBotWorker(
    {
      config,
      github: createOctokitGitHub({
        baseUrl: env.GITHUB_API_URL,
        auth: githubAuth(env),
        retries: env.GITHUB_RETRIES,
        writeIntervalMs: env.GITHUB_WRITE_INTERVAL_MS,
        log: { warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
      }),
      slack: createSlackWeb({ token: env.SLACK_BOT_TOKEN, apiUrl: env.SLACK_API_URL }),
      responder: createFetchResponder(),
      store: createRedisBotStore(workerRedis, prefix),
      locks: createLockStore(workerRedis, prefix),
      messages: createMessageStore(workerRedis, prefix),
      producer: workerProducer,
      clock: Date.now,
      command: env.SLACK_COMMAND,
    },
    {
      connection: workerRedis,
      prefix,
      logger,
      metrics,
      concurrency: env.BOT_WORKER_CONCURRENCY,
      lockMs: env.BOT_JOB_LOCK_MS,
    },
  );
  const app = buildApp({
    config,
    signingSecret: env.SLACK_SIGNING_SECRET,
    producer,
    store,
    metrics,
    logger,
    readiness: { redis: () => redisAnswers(producerRedis), worker: () => worker.isRunning() },
    beforeScrape: () => collectQueueDepth(metrics, producer.queues),
  });
  // Take commands only once the queue can take them; if Redis is away, start anyway (/readyz says 503).
  await Promise.all([waitForRedis(producerRedis, 10_000), waitForRedis(storeRedis, 10_000)]).catch(() =>
    logger.warn('Redis does not answer yet; listening anyway, commands get "try again" until it does'),
  );
  const address = await app.listen({ port: env.PORT, host: env.HOST });
  logger.info({ url: address.replace('[::1]', 'localhost') }, 'listening');
  return {
    logger,
    close: async () => {
      await app.close();
      await worker.close();
      await Promise.all([producer.close(), workerProducer.close()]);
      producerRedis.disconnect();
      storeRedis.disconnect();
      await workerRedis.quit().catch(() => undefined);
    },
  };
});
