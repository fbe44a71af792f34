import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { createRedis, incrWithTtl, RELEASE_IF_OWNER_LUA, redisKey } from '@chatops/shared/runtime';
import { deleteKeysWithPrefix } from '@chatops/testkit';

const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
const prefix = `{test-${randomUUID()}}`;

afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

describe('redis keys', () => {
  it('puts the prefix (and its hash tag) first', () => {
    expect(redisKey('{chatops}', 'heaven', 'line', 'acme/api:staging')).toBe('{chatops}:heaven:line:acme/api:staging');
  });

  it('counts with a lifetime set by the first count only', async () => {
    const key = redisKey(prefix, 'count');
    expect(await incrWithTtl(redis, key, 60)).toBe(1);
    await redis.expire(key, 5);
    expect(await incrWithTtl(redis, key, 60)).toBe(2);
    expect(await redis.ttl(key)).toBeLessThanOrEqual(5);
    expect(await redis.ttl(key)).toBeGreaterThan(0);
  });

  it('releases a lock only for its owner', async () => {
    const key = redisKey(prefix, 'lock');
    await redis.set(key, 'owner-a');
    expect(await redis.eval(RELEASE_IF_OWNER_LUA, 1, key, 'owner-b')).toBe(0);
    expect(await redis.get(key)).toBe('owner-a');
    expect(await redis.eval(RELEASE_IF_OWNER_LUA, 1, key, 'owner-a')).toBe(1);
    expect(await redis.exists(key)).toBe(0);
  });
});
