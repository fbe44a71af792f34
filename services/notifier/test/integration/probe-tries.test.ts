import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { REDIS_URL, deleteKeysWithPrefix, testPrefix } from '@chatops/testkit';
import { createProbeTries } from '../../src/stores/probe-tries.js';

const redis = new Redis(REDIS_URL);
const prefixes: string[] = [];
const fresh = () => {
  const p = testPrefix('tries');
  prefixes.push(p);
  return p;
};
afterEach(async () => {
  for (const p of prefixes.splice(0)) await deleteKeysWithPrefix(redis, p);
});
afterAll(() => redis.disconnect());

describe('post-deploy probe tries', () => {
  it('counts per deployment, in a counter that expires an hour past the longest run of tries', async () => {
    const prefix = fresh();
    const tries = createProbeTries(redis, prefix, 20 * 600_000); // 20 tries, 10 minutes apart
    expect([await tries.next(5), await tries.next(5), await tries.next(6)]).toEqual([1, 2, 1]);
    const key = `${prefix}:notifier:post-deploy:5`;
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(3600 + 20 * 600 - 5);
    expect(ttl).toBeLessThanOrEqual(3600 + 20 * 600);
  });

  it('keeps the expiry of the first try (a later try does not push it back)', async () => {
    const prefix = fresh();
    const tries = createProbeTries(redis, prefix);
    const key = `${prefix}:notifier:post-deploy:7`;
    await tries.next(7);
    await redis.expire(key, 100); // as if most of the hour had passed
    expect(await tries.next(7)).toBe(2);
    expect(await redis.ttl(key)).toBeLessThanOrEqual(100);
  });
});
