import type { Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { AppsConfig } from '../../contracts/config/app-config-schema.js';
import { ConfigError } from '../../contracts/errors.js';
import { loadAppsConfig } from '../config/load-apps-config.js';
import type { Env } from '../env/load-env.js';
import type { HttpApp } from '../http/create-http-app.js';
import { createLogger } from '../log/logger.js';
import { startTracing } from '../telemetry/start-tracing.js';

/** What every `create<Service>` returns: the HTTP app (not listening), the workers, and the two hooks. */
export type Service = {
  app: HttpApp;
  workers: Worker[];
  /** Resolves once the service can take requests (Redis answers), or after a bounded wait. */
  ready: () => Promise<void>;
  /** Stops taking requests, lets running jobs finish, closes queues and Redis. */
  close: () => Promise<void>;
};

/** What every `create<Service>` is given; tests add `overrides` of their own. */
export type ServiceContext<E> = { env: E; apps: AppsConfig; logger: Logger };

/** The variables every service reads to run (see `baseEnvShape`). */
type RunnableEnv = { CHATOPS_CONFIG: string; LOG_LEVEL: string; PORT: number; HOST: string };

export type ServiceDefinition<E extends RunnableEnv> = {
  name: string;
  loadConfig: (env: Env) => E;
  /** The secret values to scrub from every log line. */
  secretsOf: (env: E) => Array<string | undefined>;
  /** Checks the environment against the apps config (e.g. a provider's credentials); throws ConfigError. */
  check?: (env: E, apps: AppsConfig) => void;
  create: (context: ServiceContext<E>) => Service;
};

/**
 * Runs a service and owns its process: reads its environment and the apps config (a ConfigError
 * exits 1 with one line naming every problem), builds it, waits until it is ready, listens, and on
 * SIGTERM/SIGINT closes it gracefully and exits 0, or 1 if that takes longer than `graceMs`.
 */
export async function runService<E extends RunnableEnv>(
  definition: ServiceDefinition<E>,
  graceMs = 9000,
): Promise<void> {
  let service: Service;
  let logger: Logger;
  let stopTracing: (() => Promise<void>) | null = null;
  try {
    const env = definition.loadConfig(process.env);
    // Before the service is built: its queues, workers and HTTP app look once whether tracing is on.
    stopTracing = await startTracing(definition.name);
    const apps = loadAppsConfig(env.CHATOPS_CONFIG);
    definition.check?.(env, apps);
    logger = createLogger({ name: definition.name, level: env.LOG_LEVEL, secrets: definition.secretsOf(env) });
    service = definition.create({ env, apps, logger });
    await service.ready();
    const address = await service.app.listen({ port: env.PORT, host: env.HOST });
    const url = new URL(address);
    const host = ['0.0.0.0', '[::]', '[::1]'].includes(url.hostname) ? '127.0.0.1' : url.hostname;
    logger.info({ url: `http://${host}:${url.port}` }, 'listening');
  } catch (e) {
    // The one place a message carries the service's name: the one line an operator reads on stderr.
    const message = e instanceof ConfigError ? e.message : `failed to start: ${(e as Error).message}`;
    process.stderr.write(`[${definition.name}] ${message}\n`);
    process.exit(1);
  }
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error(`did not close within ${graceMs} ms; exiting`);
      process.exit(1);
    }, graceMs);
    timer.unref();
    service
      .close()
      // The spans still buffered go out before the process ends.
      .then(() => stopTracing?.().catch((e: unknown) => logger.warn({ err: e }, 'could not flush traces')))
      .then(() => {
        logger.info('closed');
        process.exit(0);
      })
      .catch((e: unknown) => {
        logger.error({ err: e }, 'error while closing');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
