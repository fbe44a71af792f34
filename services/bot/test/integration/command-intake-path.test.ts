import { Writable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { createLogger, createRedis, waitForRedis } from '@chatops/shared/runtime';
import { deleteKeysWithPrefix, recordPipelines, REDIS_URL, testPrefix } from '@chatops/testkit';
import { createRateCounter } from '../../src/stores/rate-counter.js';
import { createMemoryRateCounter } from '../fakes/memory-rate-counter.js';
import { createRecordingProducer } from '../fakes/recording-producer.js';
import { createHarness, type Harness } from '../helpers/harness.js';

describe('rate counter (Redis)', () => {
  const redis = createRedis(REDIS_URL, 'producer');
  const prefix = testPrefix('bot-rate');
  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  it('counts a person per minute in one command, with a TTL, and refuses past the limit', async () => {
    await waitForRedis(redis);
    const store = createRateCounter(redis, prefix);
    const again = createRateCounter(redis, prefix); // a second counter on the same connection shares the command
    const now = 1_700_000_000_000;
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await (i % 2 ? again : store).hit('U1', 3, now));
    expect(answers).toEqual([true, true, true, false]);
    const key = `${prefix}:bot:rate:U1:${Math.floor(now / 60_000)}`;
    expect(await redis.get(key)).toBe('4');
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(60);
    expect(ttl).toBeLessThanOrEqual(120);
    expect(await store.hit('U1', 3, now + 60_000)).toBe(true); // the next minute starts again
    expect(await store.hit('U2', 3, now)).toBe(true); // another person has their own count
  });

  it('counts the commands of one event-loop turn in one pipeline, each person exactly', async () => {
    const pipelines = recordPipelines(redis);
    const store = createRateCounter(redis, prefix);
    const now = 1_700_000_100_000;
    const answers = await Promise.all(['U7', 'U7', 'U7', 'U7', 'U8'].map((u) => store.hit(u, 3, now)));
    expect(answers).toEqual([true, true, true, false, true]);
    pipelines.restore();
    expect(pipelines.sizes).toEqual([5]);
  });

  it('rejects when Redis is gone (the command is answered "try again")', async () => {
    const dead = createRedis(REDIS_URL, 'producer', { retryStrategy: () => null });
    await waitForRedis(dead);
    await dead.quit();
    await expect(createRateCounter(dead, prefix).hit('U1', 3, Date.now())).rejects.toThrow('Connection is closed.');
  });
});

describe('POST /slack/commands: one log line per command', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  async function start(allowed: boolean) {
    const lines: Array<Record<string, unknown>> = [];
    const destination = new Writable({
      write(chunk, _enc, cb) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
        cb();
      },
    });
    const rates = createMemoryRateCounter();
    const { jobs, producer } = createRecordingProducer();
    h = await createHarness({
      logger: createLogger({ name: 'bot', level: 'info', destination }),
      overrides: { rateCounter: rates.rateCounter, producer },
    });
    // This person's 5 commands of this minute, used up.
    if (!allowed) for (let i = 0; i < 5; i += 1) await rates.rateCounter.hit('U0ALICE', 5, h.now.ms);
    const res = await h.command('api to staging', { trigger_id: 't-1', user_id: 'U0ALICE' });
    return { res, lines, added: jobs.map((j) => j.name) };
  }

  it('an enqueued command: only "command enqueued", with the request id and trigger', async () => {
    const { res, lines, added } = await start(true);
    expect(res.body!.text).toMatch(/^On it: /);
    expect(added).toEqual(['deploy']);
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'command enqueued', trigger: 't-1', reqId: expect.any(String) }),
    ]);
  });

  it('a refused command: only "command not enqueued", with the reason', async () => {
    const { res, lines, added } = await start(false);
    expect(res.body!.text).toMatch(/^Slow down/);
    expect(added).toEqual([]);
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'command not enqueued',
        reason: 'rate-limited',
        user: 'U0ALICE',
        trigger: 't-1',
        reqId: expect.any(String),
      }),
    ]);
  });
});
