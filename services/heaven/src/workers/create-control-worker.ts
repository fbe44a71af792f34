import type { Worker } from 'bullmq';
import { controlJobSchema, QUEUES } from '@chatops/shared/contracts';
import { createJobWorker, type JobWorkerBase } from '@chatops/shared/runtime';
import { cancelDeployment } from '../run/cancel-deployment.js';
import type { RunDeps } from '../run/run-context.js';

/** The `deployment-control` worker: the bot's cancels. */
export function createControlWorker(base: JobWorkerBase, run: RunDeps): Worker {
  return createJobWorker({
    ...base,
    queue: QUEUES.deploymentControl,
    schema: controlJobSchema,
    logContext: (d) => ({ deploymentId: d.deployment_id }),
    handle: (data, { log }) => cancelDeployment(data, { ...run, log }),
  });
}
