import type { JobsOptions } from 'bullmq';

/** Retries with exponential backoff for transient failures; finished jobs are kept a while for dedupe. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 5000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * How a worker notices a job whose process died: the job's lock lives `lockMs` and is renewed every
 * half of it while the job runs; the stalled-job check runs every quarter of it, so a killed worker's
 * job is taken over at most about 1.25 × `lockMs` after the kill (BullMQ moves a job whose lock is
 * gone at the check after the one that saw it active). Each job may be caught by 10 kills before it
 * fails.
 */
export function jobLockOptions(lockMs: number): {
  lockDuration: number;
  stalledInterval: number;
  maxStalledCount: number;
} {
  return { lockDuration: lockMs, stalledInterval: Math.max(1000, Math.floor(lockMs / 4)), maxStalledCount: 10 };
}
