import { dialogJobSchema, QUEUES } from '@chatops/shared/contracts';
import { createQueue, DEFAULT_JOB_OPTIONS, type Redis } from '@chatops/shared/runtime';
import type { Queue } from 'bullmq';
import type { DialogQueue } from '../ports.js';

/** The `dialogs` queue's producer: each job parsed by its schema first, added under its deterministic id. */
export function createDialogQueue(connection: Redis, prefix: string): DialogQueue & { queue: Queue } {
  const queue = createQueue(QUEUES.dialogs, { connection, prefix });
  return {
    queue,
    async add(job, jobId) {
      const data = dialogJobSchema.parse(job);
      // Opening gets one try: Slack refuses a trigger after 3 s, so a retry helps no one. It goes ahead
      // of the updates and ref refreshes waiting (their GitHub reads take longer than its 3 s).
      await queue.add(data.kind, data, {
        ...DEFAULT_JOB_OPTIONS,
        attempts: data.kind === 'open' ? 1 : 3,
        priority: data.kind === 'open' ? 1 : 2,
        jobId,
      });
    },
  };
}
