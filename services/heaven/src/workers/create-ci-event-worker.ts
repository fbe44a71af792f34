import type { Worker } from 'bullmq';
import { QUEUES } from '@chatops/shared/contracts';
import { createJobWorker, type JobWorkerBase } from '@chatops/shared/runtime';
import { handleCiEvent } from '../run/ci-news.js';
import type { RunDeps } from '../run/run-context.js';
import { ciEventJobSchema } from '../webhooks/ci-event-job.js';

/** The `ci-events` worker: CI news wakes a deployment, a green commit may auto-deploy. */
export function createCiEventWorker(base: JobWorkerBase, run: RunDeps): Worker {
  return createJobWorker({
    ...base,
    queue: QUEUES.ciEvents,
    schema: ciEventJobSchema,
    handle: (data, { log }) => handleCiEvent(data, { ...run, log }),
  });
}
