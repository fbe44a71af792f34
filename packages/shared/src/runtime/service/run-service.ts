import type { Logger } from 'pino';
import { ConfigError } from '../../contracts/errors.js';

export type RunningService = { close: () => Promise<void>; logger: Logger };

/**
 * Starts a service and owns its process: a ConfigError exits 1 with one line naming what is missing;
 * SIGTERM/SIGINT close it gracefully (stop taking requests, let running jobs finish, close Redis)
 * and exit 0, or exit 1 if that takes longer than `graceMs`.
 */
export async function runService(name: string, start: () => Promise<RunningService>, graceMs = 9000): Promise<void> {
  let service: RunningService;
  try {
    service = await start();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
    } else {
      process.stderr.write(`[${name}] failed to start: ${(e as Error).message}\n`);
    }
    process.exit(1);
  }
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    service.logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      service.logger.error(`did not close within ${graceMs} ms; exiting`);
      process.exit(1);
    }, graceMs);
    timer.unref();
    service
      .close()
      .then(() => {
        service.logger.info('closed');
        process.exit(0);
      })
      .catch((e: unknown) => {
        service.logger.error({ err: e }, 'error while closing');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
