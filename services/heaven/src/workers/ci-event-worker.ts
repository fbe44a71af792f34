import type { Worker } from 'bullmq';
import { QUEUES } from '@chatops/shared/contracts';
import { createJobWorker } from '@chatops/shared/runtime';
import { handleCiEvent } from '../run/ci-news.js';
import type { RunDeps } from '../run/run-context.js';
import { ciEventJobSchema } from '../webhooks/ci-event-job.js';
import type { workerOptions } from './worker-options.js';

/** The `ci-events` worker: CI news wakes a deployment, a green commit may auto-deploy. */
export function createCiEventWorker({ run, ...options }: ReturnType<typeof workerOptions> & { run: RunDeps }): Worker {
  return createJobWorker({
    ...options,
    queue: QUEUES.ciEvents,
    schema: ciEventJobSchema,
    handle: (data, { log }) => handleCiEvent(data, { ...run, log }),
  });
}
