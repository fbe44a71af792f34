import type { Queue, Worker } from 'bullmq';
import { createBullmqFailedJobs } from '../adapters/bullmq-failed-jobs.js';
import type { Waker } from '../ports.js';
import type { RunDeps } from '../run/run-context.js';
import { sweepFailed } from '../run/sweep-failed.js';
import { createCiEventWorker } from './ci-event-worker.js';
import { createControlWorker } from './control-worker.js';
import { createDeploymentWorker } from './deployment-worker.js';
import { workerOptions, type WorkerBase } from './worker-options.js';

export type WorkersDeps = WorkerBase & {
  run: Omit<RunDeps, 'wake'>;
  waker: Waker;
  /** The `deployments` queue (its failed jobs are swept). */
  deployments: Queue;
  lockMs: number;
};

/**
 * heaven's three workers (deployments, deployment-control, ci-events) and the sweep of failed
 * deployment jobs every longest poll interval; closing the deployments worker stops the sweep.
 */
export function createWorkers(deps: WorkersDeps): Worker[] {
  const options = workerOptions(deps, deps.lockMs);
  const run: RunDeps = { ...deps.run, wake: (id) => deps.waker.wake(id) };
  const deployments = createDeploymentWorker({ ...options, run, waker: deps.waker });
  const failed = createBullmqFailedJobs(deps.deployments);
  const sweep = setInterval(
    () =>
      void sweepFailed({ ...run, failed }).catch((e: unknown) =>
        run.log.warn({ err: e }, 'sweep of failed deployments'),
      ),
    run.tunables.pollMaxMs,
  );
  sweep.unref();
  deployments.on('closing', () => clearInterval(sweep));
  return [deployments, createControlWorker({ ...options, run }), createCiEventWorker({ ...options, run })];
}
