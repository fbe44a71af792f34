import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix, REDIS_URL, testPrefix } from '@chatops/testkit';
import { readDashboard } from '../../src/dashboard/read-dashboard.js';
import { createFreezeStore, createLockStore, parseAppsConfig } from '@chatops/shared/runtime';
import { createRunStore, deleteLegacyLineSet, LINE_TTL_S, MAX_LINES } from '../../src/stores/run-store.js';

const DAY_S = 24 * 3600;

describe('the Redis run store: every key from outside input expires or is bounded', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = testPrefix('heaven-runs');
  const k = (...parts: Array<string | number>) => `${prefix}:heaven:${parts.join(':')}`;
  let now = Date.parse('2026-11-26T10:00:00Z');
  const store = createRunStore(redis, prefix, () => now);
  afterEach(async () => {
    await deleteKeysWithPrefix(redis, prefix);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('gives a line, its runner, its history and an open record 30 days after their last activity', async () => {
    const line = 'acme/api:review-feat-x';
    await store.enter(1, line, 'feat/x');
    expect(await store.tryStart(1, line)).toEqual({ started: true });
    await store.addHistory(line, {
      id: 0,
      ref: 'feat/x',
      outcome: 'success',
      description: 'ok',
      logUrl: null,
      finishedAt: now,
      requester: null,
    });
    for (const key of [k('line', line), k('runner', line), k('history', line), k('deployment', 1), k('active-lines')]) {
      const ttl = await redis.ttl(key);
      expect({ key, ttl: ttl > LINE_TTL_S - 60 && ttl <= LINE_TTL_S }).toEqual({ key, ttl: true });
    }
    expect(LINE_TTL_S).toBe(30 * DAY_S);
    await store.finish(1, line);
    expect(await redis.ttl(k('deployment', 1))).toBeLessThanOrEqual(14 * DAY_S);
    expect(await redis.exists(k('runner', line))).toBe(0);
  });

  it('keeps a waiting run alive: each look at its line renews the lifetimes', async () => {
    const line = 'acme/api:staging';
    await store.enter(1, line, 'main');
    await store.enter(2, line, 'main');
    await redis.expire(k('line', line), 5);
    await redis.expire(k('deployment', 2), 5);
    expect(await store.tryStart(2, line)).toEqual({ started: false, ahead: 1 });
    expect(await redis.ttl(k('line', line))).toBeGreaterThan(LINE_TTL_S - 60);
    expect(await redis.ttl(k('deployment', 2))).toBeGreaterThan(LINE_TTL_S - 60);
  });

  it('lists lines newest activity first, forgets those idle for 30 days, and keeps at most MAX_LINES', async () => {
    await store.enter(1, 'acme/api:review-old', 'old');
    now += 31 * DAY_S * 1000;
    await store.enter(2, 'acme/api:review-a', 'a');
    await store.enter(3, 'acme/api:review-b', 'b');
    expect(await store.lines(10)).toEqual(['acme/api:review-b', 'acme/api:review-a']);
    for (let i = 0; i < MAX_LINES + 5; i++) {
      now += 1;
      await store.enter(100 + i, `acme/api:review-${i}`, 'x');
    }
    expect(await redis.zcard(k('active-lines'))).toBe(MAX_LINES);
    expect((await store.lines(3)).length).toBe(3);
    expect(await store.lines(1)).toEqual([`acme/api:review-${MAX_LINES + 4}`]);
  });

  it('removes the old unbounded set of every line ever seen', async () => {
    await redis.sadd(k('lines'), 'acme/api:review-1', 'acme/api:review-2');
    await deleteLegacyLineSet(redis, prefix);
    expect(await redis.exists(k('lines'))).toBe(0);
  });

  it("keeps the dashboard's read bounded: recent lines only, the first waiting runs of each", async () => {
    const apps = parseAppsConfig(
      'apps: { api: { repository: acme/api, circleci: { project_slug: gh/acme/api }, ' +
        'environments: { staging: {}, review: { transient: true } } } }',
    );
    for (let i = 0; i < 300; i++) {
      now += 1;
      await store.enter(1000 + i, `acme/api:review-${i}`, 'x');
    }
    for (let i = 0; i < 80; i++) await store.enter(5000 + i, 'acme/api:staging', 'main');
    const view = await readDashboard({
      apps,
      store,
      locks: createLockStore(redis, prefix),
      freezes: createFreezeStore(redis, prefix),
      githubApiUrl: 'https://api.github.com',
      now: () => now,
    });
    const environments = view.apps[0]!.environments;
    expect(environments.length).toBe(2 + 199);
    const staging = environments.find((e) => e.environment === 'staging')!;
    expect(staging.waiting).toHaveLength(50);
  });
});
