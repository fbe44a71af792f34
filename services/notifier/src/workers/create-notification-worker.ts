import { QUEUES, notificationJobSchema } from '@chatops/shared/contracts';
import { createJobWorker, type Logger, type Metrics } from '@chatops/shared/runtime';
import type { Worker, WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { handleDeploymentStatus, type DeploymentStatusDeps } from '../deployments/handle-deployment-status.js';

export type NotificationWorkerOptions = {
  connection: Redis;
  prefix: string;
  logger: Logger;
  metrics?: Metrics;
  concurrency?: number;
  workerOptions?: Partial<WorkerOptions>;
  deps: DeploymentStatusDeps;
};

/** Consumes `notifications` (`deployment-status` jobs from heaven). */
export function createNotificationWorker(options: NotificationWorkerOptions): Worker {
  return createJobWorker({
    queue: QUEUES.notifications,
    schema: notificationJobSchema,
    connection: options.connection,
    prefix: options.prefix,
    logger: options.logger,
    metrics: options.metrics,
    concurrency: options.concurrency,
    workerOptions: options.workerOptions,
    logContext: (d) => ({ deploymentId: d.deployment.id, deliveryId: d.delivery_id, state: d.status.state }),
    handle: async (data, { job, log }) => {
      if (job.name !== 'deployment-status') {
        log.warn(`[notifier] ignored a ${job.name} job on ${QUEUES.notifications}`);
        return;
      }
      await handleDeploymentStatus(data, options.deps, log);
      log.info({ statusId: data.status.id }, 'deployment status shown');
    },
  });
}
