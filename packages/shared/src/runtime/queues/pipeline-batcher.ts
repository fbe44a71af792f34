import type { ChainableCommander } from 'ioredis';
import type { ReplicaAcks } from '../redis/redis.js';

/** One command's reply in a pipeline, as ioredis gives it: `[error, value]`. */
export type PipelineReply = [Error | null, unknown];

/** One caller's share of a batch: the commands it appends, and what it makes of their replies. */
export type BatchedOp<T> = {
  append(pipeline: ChainableCommander): void;
  read(replies: PipelineReply[]): T;
};

export type PipelineBatcher = {
  /**
   * Runs `op` in the next batch; resolves with `op.read` of its own replies, rejects if the batch could not be
   * sent.
   */
  run<T>(op: BatchedOp<T>): Promise<T>;
};

type Pending = { op: BatchedOp<unknown>; resolve(value: unknown): void; reject(error: unknown): void };

/**
 * Group commit for a request path: every op asked for in one turn of the event loop goes to Redis
 * in one pipeline, one socket write (at most `maxOps` ops a pipeline). At 32 concurrent requests
 * about 10 arrive in a turn; Redis's CPU per request fell 15 to 33 % (CHANGELOG.md, round 3), the
 * caller's own did not change measurably (each pipeline costs ioredis a Pipeline object). Each
 * caller still waits for its own replies: an answer sent after `run` resolves means the commands are
 * in Redis.
 */
export function createPipelineBatcher(
  pipeline: () => ChainableCommander | Promise<ChainableCommander>,
  {
    maxOps = 128,
    replicaAcks,
  }: {
    maxOps?: number;
    /**
     * Replicas that must hold a batch before its callers hear it is written (`WAIT` at the end of the
     * pipeline): when fewer acknowledge in time, every op reads its replies as that error.
     */
    replicaAcks?: () => Promise<ReplicaAcks | undefined>;
  } = {},
): PipelineBatcher {
  let pending: Pending[] = [];
  const flush = async (batch: Pending[]) => {
    try {
      const p = await pipeline();
      const sent: Array<{ entry: Pending; start: number; end: number }> = [];
      for (const entry of batch) {
        const start = p.length;
        try {
          entry.op.append(p);
          sent.push({ entry, start, end: p.length });
        } catch (e) {
          // This op alone is refused (its commands, if it appended any, still run: an op appends
          // the command that must not run alone last); the rest of the batch goes on.
          entry.reject(e);
        }
      }
      const acks = await replicaAcks?.();
      if (acks) p.wait(acks.replicas, acks.timeoutMs);
      const replies = ((await p.exec()) ?? []) as PipelineReply[];
      const shortfall = acks ? replicaShortfall(acks, replies[replies.length - 1]) : null;
      for (const { entry, start, end } of sent) {
        try {
          const own = replies.slice(start, end);
          entry.resolve(entry.op.read(shortfall ? own.map((): PipelineReply => [shortfall, null]) : own));
        } catch (e) {
          entry.reject(e);
        }
      }
    } catch (e) {
      for (const entry of batch) entry.reject(e); // a promise settles once: those already refused stay so
    }
  };
  const flushAll = () => {
    const all = pending;
    pending = [];
    for (let i = 0; i < all.length; i += maxOps) void flush(all.slice(i, i + maxOps));
  };
  return {
    run<T>(op: BatchedOp<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (pending.length === 0) setImmediate(flushAll);
        pending.push({ op, resolve: resolve as (value: unknown) => void, reject });
      });
    },
  };
}

/** The error to give every op of a batch that fewer replicas than asked acknowledged, or null. */
function replicaShortfall(acks: ReplicaAcks, reply: PipelineReply | undefined): Error | null {
  const acked = reply && !reply[0] ? Number(reply[1]) : 0;
  if (acked >= acks.replicas) return null;
  return new Error(
    `written to the Redis primary, but ${acked} of ${acks.replicas} replicas ` +
      `acknowledged it within ${acks.timeoutMs} ms`,
  );
}

/** The value of a reply, or its error thrown. */
export function replyValue(reply: PipelineReply | undefined): unknown {
  if (!reply) throw new Error('no reply from Redis');
  if (reply[0]) throw reply[0];
  return reply[1];
}
