import { describe, expect, it } from '@jest/globals';
import { createTtlCache } from '@chatops/shared/runtime';

describe('createTtlCache', () => {
  it('loads a key once per ttl, shares a load in flight, and loads again once it is stale', async () => {
    let now = 0;
    let loads = 0;
    const cache = createTtlCache<string>({ ttlMs: 1000, now: () => now });
    const load = async () => `v${++loads}`;
    expect(await Promise.all([cache.get('k', load), cache.get('k', load)])).toEqual(['v1', 'v1']);
    now = 999;
    expect(await cache.get('k', load)).toBe('v1');
    now = 1000;
    expect(await cache.get('k', load)).toBe('v2');
    expect(loads).toBe(2);
  });

  it('keeps only what `keep` accepts, and nothing of a failed load', async () => {
    const cache = createTtlCache<string | null>({ ttlMs: 1000, keep: (v) => v !== null });
    let loads = 0;
    const nothing = async () => {
      loads += 1;
      return null;
    };
    await cache.get('k', nothing);
    await cache.get('k', nothing);
    await expect(cache.get('e', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('e', async () => 'up')).toBe('up');
    expect(loads).toBe(2);
  });

  it('drops everything when it holds `max` keys', async () => {
    let loads = 0;
    const cache = createTtlCache<number>({ ttlMs: 60_000, max: 2 });
    for (const key of ['a', 'b', 'c', 'a']) await cache.get(key, async () => ++loads);
    expect(loads).toBe(4);
  });
});
