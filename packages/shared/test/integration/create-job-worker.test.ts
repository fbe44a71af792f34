import { afterEach, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { ExternalApiError } from '@chatops/shared/contracts';
import { RunAgainLater, createJobWorker, createLogger } from '@chatops/shared/runtime';
import { REDIS_URL, deleteKeysWithPrefix, testPrefix, waitFor } from '@chatops/testkit';
import { startJobWorker } from '../helpers/start-job-worker.js';

const schema = z.object({ n: z.number() });
const logger = createLogger({ name: 'test', level: 'silent' });

describe('createJobWorker', () => {
  const closers: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function setup(handle: (data: { n: number }) => Promise<unknown>) {
    return startJobWorker('worker', { schema, logger, handle: async (d) => handle(d) }, closers).queue;
  }

  it("gives the handler one logger carrying the job's ids and its logContext fields", async () => {
    const prefix = testPrefix('worker');
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const lines: string[] = [];
    const captured = createLogger({
      name: 'test',
      level: 'info',
      destination: { write: (l: string) => void lines.push(l) },
    });
    const queue = new Queue('jobs', { connection, prefix });
    const worker = createJobWorker({
      queue: 'jobs',
      schema,
      connection,
      prefix,
      logger: captured,
      logContext: (d) => ({ deploymentId: d.n * 10 }),
      handle: async (d, { log }) => log.info({ step: 'done' }, `handled ${d.n}`),
    });
    closers.push(async () => {
      await worker.close();
      await queue.close();
      await deleteKeysWithPrefix(connection, prefix);
      connection.disconnect();
    });
    const job = await queue.add('named', { n: 4 }, { jobId: 'job-4' });
    await waitFor(async () => (await job.isCompleted()) || null, 'the job to complete');
    const line = JSON.parse(lines.find((l) => l.includes('handled 4'))!) as Record<string, unknown>;
    expect(line).toMatchObject({
      service: 'test',
      queue: 'jobs',
      jobId: 'job-4',
      jobName: 'named',
      attempt: 1,
      deploymentId: 40,
      step: 'done',
    });
  });

  it('fails bad job data at once, without retry, saying what was wrong', async () => {
    let calls = 0;
    const queue = await setup(async () => calls++);
    const job = await queue.add('x', { n: 'nope' }, { attempts: 5 });
    await waitFor(async () => (await job.isFailed()) || null, 'the job to fail');
    const failed = await queue.getJob(job.id!);
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toBe(
      'invalid job data on queue jobs: n: Invalid input: expected number, received string',
    );
    expect(calls).toBe(0);
  });

  it('retries a retryable failure and completes', async () => {
    let calls = 0;
    const queue = await setup(async () => {
      calls += 1;
      if (calls < 3) throw new ExternalApiError('github', 'boom', { status: 502, retryable: true });
      return 'done';
    });
    const job = await queue.add('x', { n: 1 }, { attempts: 5, backoff: { type: 'fixed', delay: 10 } });
    await waitFor(async () => (await job.isCompleted()) || null, 'the job to complete');
    expect(calls).toBe(3);
  });

  it('does not retry a permanent failure', async () => {
    let calls = 0;
    const queue = await setup(async () => {
      calls += 1;
      throw new ExternalApiError('github', 'Not Found', { status: 404, retryable: false });
    });
    const job = await queue.add('x', { n: 1 }, { attempts: 5, backoff: { type: 'fixed', delay: 10 } });
    await waitFor(async () => (await job.isFailed()) || null, 'the job to fail');
    expect(calls).toBe(1);
    expect((await queue.getJob(job.id!))?.failedReason).toBe('Not Found');
  });

  it('runs a job again later on RunAgainLater without spending an attempt', async () => {
    let calls = 0;
    const queue = await setup(async () => {
      calls += 1;
      if (calls < 4) throw new RunAgainLater(20, 'still running');
      return 'done';
    });
    const job = await queue.add('x', { n: 1 }, { attempts: 1 });
    await waitFor(async () => (await job.isCompleted()) || null, 'the job to complete');
    expect(calls).toBe(4);
  });
});
