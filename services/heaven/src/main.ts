import { createLogger, loadAppsConfig, runService } from '@chatops/shared/runtime';
import { checkProviderEnv, loadConfig, secretsOf } from './config.js';
import { createHeaven } from './create-heaven.js';

await runService('heaven', async () => {
  const config = loadConfig();
  const apps = loadAppsConfig(config.CHATOPS_CONFIG);
  checkProviderEnv(config, apps);
  const logger = createLogger({ name: 'heaven', level: config.LOG_LEVEL, secrets: secretsOf(config) });
  const heaven = createHeaven(config, apps, logger);
  await heaven.ready();
  const address = await heaven.app.listen({ port: config.PORT, host: config.HOST });
  const url = new URL(address);
  logger.info({ url: `http://${url.hostname === '0.0.0.0' ? '127.0.0.1' : url.hostname}:${url.port}` }, 'listening');
  return { close: heaven.close, logger };
});
