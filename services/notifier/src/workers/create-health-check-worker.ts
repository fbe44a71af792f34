import { QUEUES, healthCheckJobSchema } from '@chatops/shared/contracts';
import { createJobWorker, type JobWorkerBase } from '@chatops/shared/runtime';
import type { Worker } from 'bullmq';
import { handleMonitor, type MonitorDeps } from '../health/handle-monitor.js';
import { handlePostDeploy, type PostDeployDeps } from '../health/handle-post-deploy.js';
import { handleProbe } from '../health/handle-probe.js';

export type HealthCheckDeps = { monitor: MonitorDeps; postDeploy: PostDeployDeps };

/** Consumes `health-checks`: `probe` (asked by a person), `post-deploy`, and the `monitor` schedulers. */
export function createHealthCheckWorker(base: JobWorkerBase, deps: HealthCheckDeps): Worker {
  return createJobWorker({
    ...base,
    queue: QUEUES.healthChecks,
    schema: healthCheckJobSchema,
    logContext: (d) => ({ app: d.app, environment: d.environment }),
    handle: async (data, { job, log }) => {
      switch (job.name) {
        case 'probe':
          return handleProbe(data, job.timestamp, deps.monitor, log);
        case 'post-deploy':
          return handlePostDeploy(data, deps.postDeploy, log);
        case 'monitor':
          return handleMonitor(data, deps.monitor, log);
        default:
          log.warn(`ignored a ${job.name} job on ${QUEUES.healthChecks}`);
      }
    },
  });
}
