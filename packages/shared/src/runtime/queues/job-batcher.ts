import { Job, type JobsOptions, type Queue } from 'bullmq';
import type { ChainableCommander } from 'ioredis';
import type { z } from 'zod';
import { parseJob } from '../../contracts/jobs/parse-job.js';
import { replicaAcksOf } from '../redis/redis.js';
import { withTraceContext } from '../telemetry/bullmq-telemetry.js';
import { createPipelineBatcher, replyValue, type BatchedOp, type PipelineReply } from './pipeline-batcher.js';

/** A key set only if it is not there yet (SET NX EX): a delivery or a trigger seen for the first time. */
export type OnceKey = { key: string; ttlSeconds: number };

export type JobBatcher = {
  /**
   * Validates `data` with `schema` (a JobDataError, thrown before anything is sent), then adds the
   * job in the next batch, with `once` set in the same pipeline. `first` is false when `once` was
   * already set; the job is added anyway, a no-op under its deterministic id while the job exists.
   */
  add<S extends z.ZodType>(
    queue: Queue,
    schema: S,
    name: string,
    data: z.input<S>,
    opts: JobsOptions & { jobId: string },
    once?: OnceKey,
  ): Promise<{ first: boolean }>;
};

/**
 * Adds BullMQ jobs the way `Queue.addBulk` does (a `Job` appended to a pipeline), but batched across
 * callers: every job asked for in one turn of the event loop, with its dedupe key, goes to Redis in
 * one write. `connectionOf` is any queue on the connection the jobs' queues share.
 */
export function createJobBatcher(connectionOf: Queue, options: { maxOps?: number } = {}): JobBatcher {
  const batcher = createPipelineBatcher(
    async () => (await connectionOf.client).pipeline() as unknown as ChainableCommander,
    { ...options, replicaAcks: async () => replicaAcksOf(await connectionOf.client) },
  );
  return {
    async add(queue, schema, name, data, opts, once) {
      const parsed: unknown = parseJob(schema, queue.name, data);
      await queue.waitUntilReady();
      // The caller's trace context goes with the job (BullMQ's telemetry field), as Queue.add would.
      return batcher.run(jobOp(queue, name, parsed, withTraceContext(opts), once));
    },
  };
}

/**
 * The job did not reach Redis. `keySet`: its `once` key was set by this call (undo it, or a redelivery is taken for
 * a duplicate).
 */
export class JobNotAddedError extends Error {
  constructor(
    readonly queue: string,
    readonly jobId: string,
    readonly keySet: boolean,
    cause: unknown,
  ) {
    super(`job ${jobId} of queue ${queue} was not added: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'JobNotAddedError';
  }
}

function jobOp(
  queue: Queue,
  name: string,
  data: unknown,
  opts: JobsOptions & { jobId: string },
  once: OnceKey | undefined,
): BatchedOp<{ first: boolean }> {
  return {
    append(p) {
      // The job first: if BullMQ refuses its options (a synchronous throw), nothing is appended, and
      // no dedupe key is ever set without its job.
      const job = new Job(queue, name, data, opts, opts.jobId);
      // With a pipeline, addJob only appends the script call; its promise carries nothing (the reply
      // is read below) but must not be left unhandled.
      job.addJob(p as never, { parentDependenciesKey: '' }).catch(() => undefined);
      if (once) p.set(once.key, '1', 'EX', once.ttlSeconds, 'NX');
    },
    read(replies: PipelineReply[]) {
      const expected = once ? 2 : 1;
      // The key's reply is the last one, whether or not the job's script call made it into the pipeline.
      const keyReply = once ? replies[replies.length - 1] : undefined;
      const first = once ? keyReply?.[0] === null && keyReply[1] === 'OK' : true;
      try {
        if (replies.length !== expected) throw new Error(`job ${opts.jobId} of queue ${queue.name} was not added`);
        const id = replyValue(replies[0]);
        if (typeof id === 'number' && id < 0)
          throw new Error(`job ${opts.jobId} of queue ${queue.name} was refused by Redis (code ${id})`);
        if (once) replyValue(keyReply);
      } catch (e) {
        throw new JobNotAddedError(queue.name, opts.jobId, once !== undefined && first, e);
      }
      return { first };
    },
  };
}
