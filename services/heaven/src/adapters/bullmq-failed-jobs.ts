import type { Queue } from 'bullmq';
import type { FailedJobs } from '../ports.js';

/** The newest failed jobs of a queue (BullMQ keeps failed jobs a week: DEFAULT_JOB_OPTIONS.removeOnFail). */
export function createBullmqFailedJobs(queue: Queue): FailedJobs {
  return {
    async newest(count) {
      const jobs = await queue.getFailed(0, count - 1);
      return jobs.map((job) => ({ data: job.data as unknown, reason: job.failedReason || 'the job failed' }));
    },
  };
}
