import { QUEUES, notificationJobSchema, signedTrace } from '@chatops/shared/contracts';
import { createJobWorker, type JobWorkerBase } from '@chatops/shared/runtime';
import type { Worker } from 'bullmq';
import { handleDeploymentStatus, type DeploymentStatusDeps } from '../deployments/handle-deployment-status.js';

/** Consumes `notifications` (`deployment-status` jobs from heaven). */
export function createNotificationWorker(base: JobWorkerBase, deps: DeploymentStatusDeps): Worker {
  return createJobWorker({
    ...base,
    queue: QUEUES.notifications,
    schema: notificationJobSchema,
    logContext: (d) => ({ deploymentId: d.deployment.id, deliveryId: d.delivery_id, state: d.status.state }),
    traceOf: (d) => signedTrace(d.deployment, d.repository, deps.payloadSecret),
    handle: async (data, { job, log }) => {
      if (job.name !== 'deployment-status') {
        log.warn(`ignored a ${job.name} job on ${QUEUES.notifications}`);
        return;
      }
      await handleDeploymentStatus(data, deps, log);
      log.info({ statusId: data.status.id }, 'deployment status shown');
    },
  });
}
