import { lockTimerJobSchema, QUEUES } from '@chatops/shared/contracts';
import { createJobWorker, type JobWorkerBase } from '@chatops/shared/runtime';
import type { Worker } from 'bullmq';
import type { CommandDeps } from '../handlers/command-context.js';
import { runLockTimer } from '../handlers/lock-timer.js';
import { refreshHomes } from '../home/home-tab.js';

/** The worker of the lock-timers queue: a thin shell that parses each job and runs the lock's timer. */
export function createLockTimerWorker(base: JobWorkerBase, deps: CommandDeps): Worker {
  return createJobWorker({
    ...base,
    queue: QUEUES.lockTimers,
    schema: lockTimerJobSchema,
    logContext: (job) => ({ repository: job.repository, environment: job.environment, timer: job.kind }),
    handle: async (job, { job: bullJob, log }) => {
      await runLockTimer(deps, job, String(bullJob.id), log);
      // A lock that ended (and its hand-over) shows in the Homes of its app.
      if (job.kind === 'expire') await refreshHomes(deps, job.app);
    },
  });
}
