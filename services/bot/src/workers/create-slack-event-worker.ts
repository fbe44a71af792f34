import { QUEUES, slackEventJobSchema } from '@chatops/shared/contracts';
import { createJobWorker, type JobWorkerBase } from '@chatops/shared/runtime';
import type { Worker } from 'bullmq';
import { handleSlackEvent, type SlackEventDeps } from '../handlers/slack-event.js';

/** The worker of the slack-events queue: parses each Events API job and runs the handler of its type. */
export function createSlackEventWorker(base: JobWorkerBase, deps: SlackEventDeps): Worker {
  return createJobWorker({
    ...base,
    queue: QUEUES.slackEvents,
    schema: slackEventJobSchema,
    logContext: (job) => ({ event: job.event.type, eventId: job.event_id }),
    handle: async (job, { job: bullJob, log }) => {
      const lastAttempt = bullJob.attemptsMade + 1 >= (bullJob.opts.attempts ?? 1);
      await handleSlackEvent({ job, deps, log, lastAttempt });
    },
  });
}
