import type { Worker } from 'bullmq';
import { controlJobSchema, QUEUES } from '@chatops/shared/contracts';
import { createJobWorker } from '@chatops/shared/runtime';
import { cancelDeployment } from '../run/cancel-deployment.js';
import type { RunDeps } from '../run/run-context.js';
import type { workerOptions } from './worker-options.js';

/** The `deployment-control` worker: the bot's cancels. */
export function createControlWorker({ run, ...options }: ReturnType<typeof workerOptions> & { run: RunDeps }): Worker {
  return createJobWorker({
    ...options,
    queue: QUEUES.deploymentControl,
    schema: controlJobSchema,
    logContext: (d) => ({ deploymentId: d.deployment_id }),
    handle: (data, { log }) => cancelDeployment(data, { ...run, log }),
  });
}
