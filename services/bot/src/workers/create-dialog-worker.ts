import { dialogJobSchema, QUEUES } from '@chatops/shared/contracts';
import { createJobWorker, type JobWorkerBase } from '@chatops/shared/runtime';
import type { Worker } from 'bullmq';
import { runDialogJob, type DialogDeps } from '../handlers/dialog-job.js';

/** The worker of the dialogs queue: a thin shell that parses each job and opens, updates or refreshes. */
export function createDialogWorker(base: JobWorkerBase, deps: DialogDeps): Worker {
  return createJobWorker({
    ...base,
    queue: QUEUES.dialogs,
    schema: dialogJobSchema,
    logContext: (job) => ({ dialog: job.kind === 'refresh-refs' ? job.repository : job.dialog, kind: job.kind }),
    handle: (job, { log }) => runDialogJob(deps, job, log),
  });
}
