import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { genRequestId, redisAnswers, registerHealthRoutes, registerMetricsRoute } from '@chatops/shared/runtime';
import { removeMonitorSchedules, syncMonitorSchedules } from './health/sync-monitor-schedules.js';
import { createNotifierWorkers, type NotifierWorkerDeps } from './workers/create-notifier-workers.js';

/** The redis connection is a worker connection (maxRetriesPerRequest: null), closed by the caller after the app. */
export type AppDeps = NotifierWorkerDeps;

/**
 * The notifier: its workers (notifications, health-checks), the monitor schedulers, and
 * GET /healthz, /readyz, /metrics. Closing the app stops HTTP, then closes the workers (waiting
 * for running jobs), then the queues.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { redis, logger, metrics, settings } = deps;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: genRequestId,
  }) as unknown as FastifyInstance;
  const { workers, queues, healthChecks } = createNotifierWorkers(deps);
  registerHealthRoutes(app, {
    redis: () => redisAnswers(redis),
    workers: () => workers.every((w) => w.isRunning()),
  });
  registerMetricsRoute(app, metrics, async () => {
    for (const queue of queues) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
      for (const [state, n] of Object.entries(counts)) metrics.queueDepth.set({ queue: queue.name, state }, n);
    }
  });
  app.addHook('onReady', async () => {
    if (!settings.monitors) return removeMonitorSchedules(healthChecks);
    const ids = await syncMonitorSchedules(healthChecks, deps.config, settings.monitorIntervalMs);
    logger.info({ monitors: ids }, `health monitors: ${ids.length}`);
  });
  app.addHook('onClose', async () => {
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all(queues.map((q) => q.close()));
  });
  return app;
}
