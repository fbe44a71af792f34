import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis, type ChainableCommander } from 'ioredis';
import {
  createPipelineBatcher,
  createRedis,
  replicaAcksOf,
  replyValue,
  waitForReplicas,
} from '@chatops/shared/runtime';
import { REDIS_URL, deleteKeysWithPrefix, testPrefix } from '@chatops/testkit';

// `replica_acks=N` in a Sentinel URL: a batch of jobs counts as written only once N replicas hold it
// (WAIT at the end of the pipeline), so a failover cannot lose a job whose command was answered.
describe('replica acknowledgements', () => {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const prefix = testPrefix('replica-acks');
  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });
  const incr = (key: string) => ({
    append: (p: ChainableCommander) => void p.incr(key),
    read: ([r]: Array<[Error | null, unknown]>) => replyValue(r),
  });

  it('are read from a Sentinel URL only', () => {
    const options = { lazyConnect: true } as const;
    const sentinel = createRedis(
      'redis+sentinel://127.0.0.1:1/mymaster?sentinels=127.0.0.1:2&replica_acks=1',
      'producer',
      options,
    );
    const timed = createRedis(
      'redis+sentinel://127.0.0.1:1/m?replica_acks=2&replica_ack_timeout_ms=200',
      'producer',
      options,
    );
    const none = createRedis('redis+sentinel://127.0.0.1:1/mymaster', 'producer', options);
    const plain = createRedis('redis://127.0.0.1:1', 'producer', options);
    expect([sentinel, timed, none, plain].map((r) => replicaAcksOf(r))).toEqual([
      { replicas: 1, timeoutMs: 500 },
      { replicas: 2, timeoutMs: 200 },
      undefined,
      undefined,
    ]);
    for (const r of [sentinel, timed, none, plain]) r.disconnect();
  });

  it('fail every op of a batch that fewer replicas acknowledged (the writes stay on the primary)', async () => {
    // The test Redis has no replica: WAIT 1 answers 0 after its timeout.
    const batcher = createPipelineBatcher(() => redis.pipeline(), {
      replicaAcks: async () => ({ replicas: 1, timeoutMs: 50 }),
    });
    const results = await Promise.allSettled([batcher.run(incr(`${prefix}:a`)), batcher.run(incr(`${prefix}:b`))]);
    const message = 'written to the Redis primary, but 0 of 1 replicas acknowledged it within 50 ms';
    expect(results).toEqual([
      { status: 'rejected', reason: new Error(message) },
      { status: 'rejected', reason: new Error(message) },
    ]);
    expect(await redis.mget(`${prefix}:a`, `${prefix}:b`)).toEqual(['1', '1']);
  });

  it('let a batch through when the replicas asked for acknowledge it (none asked: no WAIT)', async () => {
    const batcher = createPipelineBatcher(() => redis.pipeline(), { replicaAcks: async () => undefined });
    expect(await batcher.run(incr(`${prefix}:c`))).toBe(1);
  });

  it('hold a claim back until the replicas have it (waitForReplicas); none asked: no WAIT', async () => {
    await expect(waitForReplicas(redis, { replicas: 1, timeoutMs: 50 })).rejects.toThrow(
      new Error('written to the Redis primary, but 0 of 1 replicas acknowledged it within 50 ms'),
    );
    await expect(waitForReplicas(redis)).resolves.toBeUndefined();
  });
});
