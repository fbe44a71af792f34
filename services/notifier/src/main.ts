import { createLogger, createMetrics, createRedis, loadAppsConfig, runService } from '@chatops/shared/runtime';
import { buildApp } from './app.js';
import { loadConfig, settingsOf } from './config.js';
import { createHttpHealthProbe } from './adapters/http-health-probe.js';
import { createSlackWebClient } from './adapters/slack-web-client.js';

await runService('notifier', async () => {
  const env = loadConfig();
  const config = loadAppsConfig(env.CHATOPS_CONFIG);
  const logger = createLogger({ name: 'notifier', level: env.LOG_LEVEL, secrets: [env.SLACK_BOT_TOKEN] });
  const redis = createRedis(env.REDIS_URL, 'worker');
  redis.on('error', (e) => logger.warn({ err: e }, 'redis error'));
  const app = await buildApp({
    redis,
    prefix: env.CHATOPS_QUEUE_PREFIX,
    config,
    slack: createSlackWebClient({ token: env.SLACK_BOT_TOKEN, apiUrl: env.SLACK_API_URL, logger }),
    probe: createHttpHealthProbe({ timeoutMs: env.HEALTH_PROBE_TIMEOUT_MS, maxRedirects: env.HEALTH_MAX_REDIRECTS }),
    logger,
    metrics: createMetrics('notifier'),
    settings: settingsOf(env),
  });
  await app.listen({ port: env.PORT, host: env.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
  logger.info({ url: `http://${host}:${port}` }, 'listening');
  return {
    logger,
    close: async () => {
      await app.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
});
