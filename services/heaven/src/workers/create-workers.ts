import type { Queue, Worker } from 'bullmq';
import type { JobWorkerBase } from '@chatops/shared/runtime';
import { createBullmqFailedJobs } from '../adapters/bullmq-failed-jobs.js';
import type { Waker } from '../ports.js';
import type { RunDeps } from '../run/run-context.js';
import { sweepReviews } from '../run/review-environments.js';
import { sweepFailed } from '../run/sweep-failed.js';
import { thawHeld } from '../run/thaw-held.js';
import { createCiEventWorker } from './create-ci-event-worker.js';
import { createControlWorker } from './create-control-worker.js';
import { createDeploymentWorker } from './create-deployment-worker.js';

export type WorkersDeps = {
  run: Omit<RunDeps, 'wake'>;
  waker: Waker;
  /** The `deployments` queue (its failed jobs are swept). */
  deployments: Queue;
};

/**
 * heaven's three workers (deployments, deployment-control, ci-events), the sweep of failed
 * deployment jobs, the look at auto-deploys a freeze held and the look at review environments past
 * their `ttl_hours`, every longest poll interval; closing the deployments worker stops them.
 */
export function createWorkers(base: JobWorkerBase, deps: WorkersDeps): Worker[] {
  const run: RunDeps = { ...deps.run, wake: (id) => deps.waker.wake(id) };
  const deployments = createDeploymentWorker(base, run, deps.waker);
  const failed = createBullmqFailedJobs(deps.deployments);
  const sweep = setInterval(
    () =>
      void sweepFailed({ ...run, failed }).catch((e: unknown) =>
        run.log.warn({ err: e }, 'sweep of failed deployments'),
      ),
    run.tunables.pollMaxMs,
  );
  sweep.unref();
  const thaw = setInterval(
    () => void thawHeld(run).catch((e: unknown) => run.log.warn({ err: e }, 'look at held auto-deploys')),
    run.tunables.pollMaxMs,
  );
  thaw.unref();
  const reviews = setInterval(
    () => void sweepReviews(run).catch((e: unknown) => run.log.warn({ err: e }, 'look at review environments')),
    run.tunables.pollMaxMs,
  );
  reviews.unref();
  deployments.on('closing', () => {
    clearInterval(sweep);
    clearInterval(thaw);
    clearInterval(reviews);
  });
  return [deployments, createControlWorker(base, run), createCiEventWorker(base, run)];
}
