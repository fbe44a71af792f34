import { describe, expect, it } from '@jest/globals';
import { DEFAULT_JOB_OPTIONS, jobLockOptions } from '@chatops/shared/runtime';

describe('jobLockOptions', () => {
  it('renews and checks at half the lock, and lets a job survive 10 stalls', () => {
    expect(jobLockOptions(30_000)).toEqual({ lockDuration: 30_000, stalledInterval: 15_000, maxStalledCount: 10 });
    expect(jobLockOptions(5001)).toEqual({ lockDuration: 5001, stalledInterval: 2500, maxStalledCount: 10 });
  });

  it('never checks for stalled jobs more often than every second', () => {
    expect(jobLockOptions(2000).stalledInterval).toBe(1000);
    expect(jobLockOptions(1500).stalledInterval).toBe(1000);
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
