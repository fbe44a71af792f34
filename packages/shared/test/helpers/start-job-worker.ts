import type { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { z } from 'zod';
import { createJobWorker, createQueue, type CreateJobWorkerOptions } from '@chatops/shared/runtime';
import { deleteKeysWithPrefix, REDIS_URL, testPrefix } from '@chatops/testkit';

/**
 * The queue `jobs` and a job worker of it on a fresh `<name>` prefix of the test Redis; what closes both
 * (and deletes the prefix's keys) is pushed on `closers`.
 */
export function startJobWorker<S extends z.ZodType>(
  name: string,
  options: Omit<CreateJobWorkerOptions<S>, 'queue' | 'connection' | 'prefix'>,
  closers: Array<() => Promise<unknown>>,
): { queue: Queue; worker: Worker } {
  const prefix = testPrefix(name);
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = createQueue('jobs', { connection, prefix });
  const worker = createJobWorker({ ...options, queue: 'jobs', connection, prefix });
  closers.push(async () => {
    await worker.close();
    await queue.close();
    await deleteKeysWithPrefix(connection, prefix);
    connection.disconnect();
  });
  return { queue, worker };
}
