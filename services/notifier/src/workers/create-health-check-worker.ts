import { QUEUES, healthCheckJobSchema } from '@chatops/shared/contracts';
import { createJobWorker, type Logger, type Metrics } from '@chatops/shared/runtime';
import type { Worker, WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { handleMonitor, type MonitorDeps } from '../health/handle-monitor.js';
import { handlePostDeploy, type PostDeployDeps } from '../health/handle-post-deploy.js';
import { handleProbe } from '../health/handle-probe.js';

export type HealthCheckWorkerOptions = {
  connection: Redis;
  prefix: string;
  logger: Logger;
  metrics?: Metrics;
  concurrency?: number;
  workerOptions?: Partial<WorkerOptions>;
  monitor: MonitorDeps;
  postDeploy: PostDeployDeps;
};

/** Consumes `health-checks`: `probe` (asked by a person), `post-deploy`, and the `monitor` schedulers. */
export function createHealthCheckWorker(options: HealthCheckWorkerOptions): Worker {
  return createJobWorker({
    queue: QUEUES.healthChecks,
    schema: healthCheckJobSchema,
    connection: options.connection,
    prefix: options.prefix,
    logger: options.logger,
    metrics: options.metrics,
    concurrency: options.concurrency,
    workerOptions: options.workerOptions,
    handle: async (data, { job, log }) => {
      const child = log.child({ app: data.app, environment: data.environment });
      switch (job.name) {
        case 'probe':
          return handleProbe(data, options.monitor, child);
        case 'post-deploy':
          return handlePostDeploy(data, options.postDeploy, child);
        case 'monitor':
          return handleMonitor(data, options.monitor, child);
        default:
          child.warn(`[notifier] ignored a ${job.name} job on ${QUEUES.healthChecks}`);
      }
    },
  });
}
