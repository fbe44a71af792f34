import type { JobsOptions, Queue } from 'bullmq';
import { jobId, reviewTeardownJobSchema, type ReviewTeardownJob } from '@chatops/shared/contracts';
import { addValidatedJob, DEFAULT_JOB_OPTIONS } from '@chatops/shared/runtime';

/**
 * The teardown of a review environment, for the notifier to say in its channel: one job per destroy
 * deployment (`teardown-<id>`), so a finish that runs again adds none.
 */
export function createBullmqAnnouncer(
  queue: Queue,
  retries: Pick<JobsOptions, 'attempts' | 'backoff'> = {},
): (job: ReviewTeardownJob) => Promise<void> {
  return async (job) => {
    await addValidatedJob(queue, reviewTeardownJobSchema, 'review-teardown', job, {
      ...DEFAULT_JOB_OPTIONS,
      ...retries,
      jobId: jobId('teardown', job.destroy_id),
    });
  };
}
