import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import type { AdHocFreeze } from '@chatops/shared/contracts';
import { createFreezeStore } from '@chatops/shared/runtime';
import { deleteKeysWithPrefix, REDIS_URL, testPrefix } from '@chatops/testkit';

const by = { slack_user_id: 'U0ALICE', name: 'alice' };
// The store's lifetimes follow the caller's clock, whatever Redis's own says.
const NOW = Date.parse('2030-01-01T10:00:00Z');
const freeze = (environment: string | null, hours: number): AdHocFreeze => ({
  app: 'api',
  environment,
  reason: `for ${hours}h`,
  until: new Date(NOW + hours * 3600_000).toISOString(),
  by,
  at: new Date(NOW).toISOString(),
});

describe('createFreezeStore (Redis)', () => {
  let redis: Redis;
  let prefix: string;
  beforeEach(() => {
    redis = new Redis(REDIS_URL);
    prefix = testPrefix('freezes');
  });
  afterEach(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  it('keeps one freeze per app or environment until its end, the index as long as the longest', async () => {
    const store = createFreezeStore(redis, prefix);
    await store.set(freeze('staging', 1), NOW);
    await store.set(freeze(null, 3), NOW);
    await store.set(freeze('staging', 2), NOW);
    expect((await store.list()).map((f) => [f.environment, f.reason])).toEqual([
      ['staging', 'for 2h'],
      [null, 'for 3h'],
    ]);
    const staging = await redis.pttl(`${prefix}:freeze:api:staging`);
    expect(staging).toBeGreaterThan(2 * 3600_000 - 5000);
    expect(staging).toBeLessThanOrEqual(2 * 3600_000);
    expect(await redis.ttl(`${prefix}:freeze:api:*`)).toBeGreaterThan(3 * 3600 - 5);
    expect(await redis.ttl(`${prefix}:freezes`)).toBe(3 * 3600);
    expect(await store.list('web')).toEqual([]);
    expect(await store.remove('api', 'staging')).toMatchObject({ reason: 'for 2h' });
    expect(await store.remove('api', 'staging')).toBeNull();
    // A member that expired (here: deleted) drops out of the index at the next list.
    await redis.del(`${prefix}:freeze:api:*`);
    expect(await store.list()).toEqual([]);
    expect(await redis.scard(`${prefix}:freezes`)).toBe(0);
  });
});
