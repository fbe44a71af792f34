import { describe, expect, it } from '@jest/globals';
import { DEFAULT_JOB_OPTIONS, jobLockOptions } from '@chatops/shared/runtime';

describe('jobLockOptions', () => {
  it('checks for stalled jobs every quarter of the lock, and lets a job survive 10 stalls', () => {
    expect(jobLockOptions(8000)).toEqual({ lockDuration: 8000, stalledInterval: 2000, maxStalledCount: 10 });
    expect(jobLockOptions(10_003)).toEqual({ lockDuration: 10_003, stalledInterval: 2500, maxStalledCount: 10 });
  });

  it('never checks for stalled jobs more often than every second', () => {
    expect(jobLockOptions(4000).stalledInterval).toBe(1000);
    expect(jobLockOptions(3000).stalledInterval).toBe(1000);
    expect(jobLockOptions(100)).toEqual({ lockDuration: 100, stalledInterval: 1000, maxStalledCount: 10 });
  });
});

describe('DEFAULT_JOB_OPTIONS', () => {
  it('retries 8 times with exponential backoff and keeps finished jobs for dedupe', () => {
    expect(DEFAULT_JOB_OPTIONS).toEqual({
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 24 * 3600, count: 5000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  });
});
