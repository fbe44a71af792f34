import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import { deploymentJobSchema, QUEUES } from '@chatops/shared/contracts';
import { createJobWorker, type JobWorkerBase, RunAgainLater } from '@chatops/shared/runtime';
import type { Waker } from '../ports.js';
import { giveUp } from '../run/give-up.js';
import type { RunDeps } from '../run/run-context.js';
import { runDeployment } from '../run/run-deployment.js';

/**
 * The `deployments` worker: one look at a deployment per run of its job. A job that asks to sleep
 * (RunAgainLater) waits in the delayed set, and is promoted at once if it was woken meanwhile. A job
 * that failed for good ends its deployment in error (giveUp; the sweep tries again if that fails).
 */
export function createDeploymentWorker(base: JobWorkerBase, run: RunDeps, waker: Waker): Worker {
  const worker = createJobWorker({
    ...base,
    queue: QUEUES.deployments,
    schema: deploymentJobSchema,
    logContext: (d) => ({ deploymentId: d.deployment.id, deliveryId: d.delivery_id }),
    traceOf: (d) => run.trust.traceOf(d.deployment, d.repository),
    handle: async (data, { log }) => {
      try {
        await runDeployment(data, { ...run, log });
      } catch (e) {
        if (!(e instanceof RunAgainLater)) throw e;
        throw new RunAgainLater(e.delayMs, e.reason, () => waker.afterSleep(data.deployment.id));
      }
    },
  });
  worker.on('failed', (job, error) => {
    const parsed = deploymentJobSchema.safeParse(job?.data);
    if (!job || !parsed.success || !failedForGood(job, error)) return;
    void giveUp(parsed.data, error.message, run).catch((e: unknown) =>
      run.log.error({ err: e }, 'could not report a failed deployment; the sweep will try again'),
    );
  });
  return worker;
}

/** BullMQ's 'failed' also fires for a retry and for a job moved to the delayed set: only a last failure counts. */
function failedForGood(job: Job, error: Error): boolean {
  if (error.name === 'DelayedError') return false;
  const final = error instanceof UnrecoverableError || /stalled more than allowable limit/.test(error.message);
  return final || job.attemptsMade >= (job.opts.attempts ?? 1);
}
