import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis, type ChainableCommander } from 'ioredis';
import { z } from 'zod';
import { JobDataError } from '@chatops/shared/contracts';
import { createJobBatcher, createPipelineBatcher, JobNotAddedError, replyValue } from '@chatops/shared/runtime';
import { REDIS_URL, deleteKeysWithPrefix, recordPipelines, testPrefix } from '@chatops/testkit';

const schema = z.object({ n: z.number() });

describe('createPipelineBatcher', () => {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const prefix = testPrefix('batcher');
  afterEach(async () => {
    await deleteKeysWithPrefix(redis, prefix);
  });
  afterAll(async () => {
    await redis.quit();
  });

  const incr = (key: string) => ({
    append: (p: ChainableCommander) => void p.incr(key),
    read: ([r]: Array<[Error | null, unknown]>) => replyValue(r),
  });

  it('sends the ops of one event-loop turn in one pipeline, each caller getting its own replies', async () => {
    const { sizes: execs, restore } = recordPipelines(redis);
    const batcher = createPipelineBatcher(() => redis.pipeline());
    const results = await Promise.all([1, 2, 3, 4].map(() => batcher.run(incr(`${prefix}:n`))));
    expect(results.sort()).toEqual([1, 2, 3, 4]);
    expect(execs).toEqual([4]);
    // A later turn is a new pipeline.
    expect(await batcher.run(incr(`${prefix}:n`))).toBe(5);
    restore();
    expect(execs).toEqual([4, 1]);
  });

  it(
    'splits a turn into pipelines of at most maxOps ops, ' + 'and an op of several commands reads only its own',
    async () => {
      const { sizes: execs, restore } = recordPipelines(redis);
      const batcher = createPipelineBatcher(() => redis.pipeline(), { maxOps: 2 });
      const pair = (key: string) => ({
        append: (p: ChainableCommander) => void p.set(key, 'x').get(key),
        read: (replies: Array<[Error | null, unknown]>) => replies.map(replyValue),
      });
      const results = await Promise.all(['a', 'b', 'c'].map((s) => batcher.run(pair(`${prefix}:${s}`))));
      expect(results).toEqual([
        ['OK', 'x'],
        ['OK', 'x'],
        ['OK', 'x'],
      ]);
      restore();
      expect(execs).toEqual([4, 2]);
    },
  );

  it('rejects only the op whose command failed; the others of the batch succeed', async () => {
    const batcher = createPipelineBatcher(() => redis.pipeline());
    await redis.set(`${prefix}:text`, 'not a number');
    const [bad, good] = await Promise.allSettled([
      batcher.run(incr(`${prefix}:text`)),
      batcher.run(incr(`${prefix}:ok`)),
    ]);
    expect(bad).toMatchObject({
      status: 'rejected',
      reason: expect.objectContaining({ message: 'ERR value is not an integer or out of range' }),
    });
    expect(good).toEqual({ status: 'fulfilled', value: 1 });
  });

  it('refuses only the op whose append throws; the rest of its batch is sent', async () => {
    const batcher = createPipelineBatcher(() => redis.pipeline());
    const throwing = {
      append: () => {
        throw new Error('refused before appending');
      },
      read: () => 'never',
    };
    const [bad, good] = await Promise.allSettled([batcher.run(throwing), batcher.run(incr(`${prefix}:after-throw`))]);
    expect(bad).toEqual({ status: 'rejected', reason: new Error('refused before appending') });
    expect(good).toEqual({ status: 'fulfilled', value: 1 });
  });

  it('rejects every op of the batch when no pipeline can be had', async () => {
    const batcher = createPipelineBatcher(() => {
      throw new Error('Connection is closed.');
    });
    const outcomes = await Promise.allSettled([batcher.run(incr(`${prefix}:x`)), batcher.run(incr(`${prefix}:y`))]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : 'fulfilled'))).toEqual([
      'Connection is closed.',
      'Connection is closed.',
    ]);
    expect(await redis.exists(`${prefix}:x`, `${prefix}:y`)).toBe(0);
  });
});

describe('createJobBatcher', () => {
  const closers: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  function setup() {
    const prefix = testPrefix('job-batcher');
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    const a = new Queue('a', { connection, prefix });
    const b = new Queue('b', { connection, prefix });
    closers.push(async () => {
      await Promise.all([a.close(), b.close()]);
      await deleteKeysWithPrefix(connection, prefix);
      await connection.quit();
    });
    return { prefix, connection, a, b, batcher: createJobBatcher(a) };
  }

  it('adds the jobs of one turn, on several queues of the connection, with their ids, data and options', async () => {
    const { a, b, batcher } = setup();
    await Promise.all([
      batcher.add(a, schema, 'one', { n: 1 }, { jobId: 'j1', attempts: 3 }),
      batcher.add(b, schema, 'two', { n: 2 }, { jobId: 'j2' }),
      batcher.add(a, schema, 'later', { n: 3 }, { jobId: 'j3', delay: 60_000 }),
    ]);
    const j1 = await a.getJob('j1');
    expect({ name: j1?.name, data: j1?.data, attempts: j1?.opts.attempts }).toEqual({
      name: 'one',
      data: { n: 1 },
      attempts: 3,
    });
    expect((await b.getJob('j2'))?.data).toEqual({ n: 2 });
    expect(await a.getJobState('j3')).toBe('delayed');
    expect(await a.getJobCounts('waiting', 'delayed')).toMatchObject({ waiting: 1, delayed: 1 });
  });

  it(
    'sets the once key with the job: first the first time, not after; ' + 'the second add is a no-op under the same id',
    async () => {
      const { prefix, connection, a, batcher } = setup();
      const once = { key: `${prefix}:seen:d-1`, ttlSeconds: 60 };
      const [x, y] = await Promise.all([
        batcher.add(a, schema, 'one', { n: 1 }, { jobId: 'same' }, once),
        batcher.add(a, schema, 'one', { n: 1 }, { jobId: 'same' }, once),
      ]);
      expect([x.first, y.first].sort()).toEqual([false, true]);
      expect(await a.count()).toBe(1);
      expect(await connection.ttl(once.key)).toBeGreaterThan(50);
    },
  );

  it('throws a JobDataError for data its schema refuses, before anything is sent', async () => {
    const { prefix, connection, a, batcher } = setup();
    const once = { key: `${prefix}:seen:bad`, ttlSeconds: 60 };
    await expect(batcher.add(a, schema, 'one', { n: 'x' } as never, { jobId: 'bad' }, once)).rejects.toThrow(
      new JobDataError('a', ['n: Invalid input: expected number, received string']),
    );
    expect(await connection.exists(once.key)).toBe(0);
    expect(await a.count()).toBe(0);
  });

  it(
    'refuses a job whose options BullMQ refuses, sets no once key for it, ' + 'and adds the others of its batch',
    async () => {
      const { prefix, connection, a, batcher } = setup();
      const once = (d: string) => ({ key: `${prefix}:seen:${d}`, ttlSeconds: 60 });
      const [bad, good] = await Promise.allSettled([
        batcher.add(a, schema, 'one', { n: 1 }, { jobId: '12345' }, once('d-bad')),
        batcher.add(a, schema, 'two', { n: 2 }, { jobId: 'good' }, once('d-good')),
      ]);
      expect(bad).toMatchObject({ status: 'rejected', reason: new Error('Custom Id cannot be integers') });
      expect(good).toEqual({ status: 'fulfilled', value: { first: true } });
      expect(await connection.exists(once('d-bad').key)).toBe(0);
      expect((await a.getJob('good'))?.data).toEqual({ n: 2 });
      expect(await a.getJob('12345')).toBeUndefined();
    },
  );

  it('throws JobNotAddedError saying the once key was set when the add failed after the key went through', async () => {
    const { prefix, connection, a, batcher } = setup();
    await a.waitUntilReady();
    const metaKey = a.keys.meta!; // BullMQ names a meta key for every queue
    await connection.set(metaKey, 'not a hash');
    const once = { key: `${prefix}:seen:d-2`, ttlSeconds: 60 };
    const error = await batcher.add(a, schema, 'one', { n: 1 }, { jobId: 'j' }, once).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobNotAddedError);
    expect(error).toMatchObject({ queue: 'a', jobId: 'j', keySet: true });
    expect((error as Error).message).toMatch(/^job j of queue a was not added: .*WRONGTYPE/);
    await connection.del(metaKey);
  });
});
