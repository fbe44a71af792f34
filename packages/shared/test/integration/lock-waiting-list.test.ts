import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import type { EnvironmentLock, LockStore, LockWaiter } from '@chatops/shared/contracts';
import { createLockStore } from '@chatops/shared/runtime';
import { REDIS_URL, createMemoryLockStore, deleteKeysWithPrefix, testPrefix } from '@chatops/testkit';
import { Redis } from 'ioredis';

const redis = new Redis(REDIS_URL);
const prefixes: string[] = [];
afterEach(async () => {
  for (const p of prefixes.splice(0)) await deleteKeysWithPrefix(redis, p);
});
afterAll(() => redis.disconnect());

const T0 = Date.parse('2026-05-01T12:00:00Z');
const H = 3_600_000;

const lock = (who: string, at: number, hours = 8): EnvironmentLock => ({
  repository: 'acme/api',
  environment: 'staging',
  holder: { slack_user_id: who, name: who.toLowerCase() },
  reason: `${who} testing`,
  locked_at: new Date(at).toISOString(),
  expires_at: new Date(at + hours * H).toISOString(),
  channel: `C${who}`,
});
const waiter = (who: string, at: number, hours = 2): LockWaiter => ({
  holder: { slack_user_id: who, name: who.toLowerCase() },
  reason: `${who} testing`,
  duration_ms: hours * H,
  channel: `C${who}`,
  joined_at: new Date(at).toISOString(),
});
const take = (store: LockStore, who: string, at: number, max = 3) =>
  store.lockOrWait(lock(who, at), waiter(who, at), max);
const idOf = (l: EnvironmentLock) => ({ slack_user_id: l.holder.slack_user_id, locked_at: l.locked_at });
const holderOf = async (store: LockStore) => (await store.get('acme/api', 'staging'))?.holder.slack_user_id ?? null;
const list = async (store: LockStore) =>
  (await store.waiting('acme/api', 'staging')).map((w) => w.holder.slack_user_id);

// The same rules for the Redis store and the testkit's in-memory one (the services' unit tests use it).
describe.each([
  [
    'redis',
    (now: { ms: number }) => {
      const prefix = testPrefix('lockwait');
      prefixes.push(prefix);
      return createLockStore(redis, prefix, { now: () => now.ms });
    },
  ],
  ['memory', (now: { ms: number }) => createMemoryLockStore({ now: () => now.ms })],
])('waiting list (%s store)', (_name, makeStore) => {
  it('the first takes it; the others wait first come, first served, each once, in a bounded list', async () => {
    const now = { ms: T0 };
    const store = makeStore(now);
    await expect(take(store, 'UA', T0)).resolves.toEqual({ kind: 'acquired' });
    await expect(take(store, 'UA', T0 + 1)).resolves.toMatchObject({
      kind: 'holding',
      current: { locked_at: lock('UA', T0).locked_at },
    });
    await expect(take(store, 'UB', T0)).resolves.toMatchObject({ kind: 'waiting', place: 1, joined: true });
    await expect(take(store, 'UC', T0)).resolves.toMatchObject({ kind: 'waiting', place: 2, joined: true });
    // A second lock while waiting keeps the place (a double command).
    await expect(take(store, 'UB', T0 + 5)).resolves.toMatchObject({ kind: 'waiting', place: 1, joined: false });
    await expect(take(store, 'UD', T0)).resolves.toMatchObject({ kind: 'waiting', place: 3, joined: true });
    await expect(take(store, 'UE', T0)).resolves.toMatchObject({
      kind: 'full',
      waiting: 3,
      current: { holder: { slack_user_id: 'UA' } },
    });
    expect(await list(store)).toEqual(['UB', 'UC', 'UD']);
    expect(await holderOf(store)).toBe('UA');
  });

  it('a hand-over gives the lock to the first waiting, from now, for their time, naming what ended it', async () => {
    const now = { ms: T0 };
    const store = makeStore(now);
    await take(store, 'UA', T0);
    await take(store, 'UB', T0);
    await take(store, 'UC', T0);
    now.ms = T0 + H;
    const ended = await store.handOver('acme/api', 'staging', idOf(lock('UA', T0)), 'unlock-t1');
    expect(ended).toEqual({
      ended: true,
      next: {
        repository: 'acme/api',
        environment: 'staging',
        holder: { slack_user_id: 'UB', name: 'ub' },
        reason: 'UB testing',
        locked_at: new Date(T0 + H).toISOString(),
        expires_at: new Date(T0 + 3 * H).toISOString(),
        channel: 'CUB',
        previous: {
          holder: { slack_user_id: 'UA', name: 'ua' },
          locked_at: new Date(T0).toISOString(),
          ended_by: 'unlock-t1',
        },
      },
    });
    expect(await store.get('acme/api', 'staging')).toEqual((ended as { next: EnvironmentLock }).next);
    expect(await list(store)).toEqual(['UC']);
    // The same hand-over again (a double unlock, a retried timer) names a lock that is gone: nothing happens.
    await expect(store.handOver('acme/api', 'staging', idOf(lock('UA', T0)), 'unlock-t2')).resolves.toEqual({
      ended: false,
    });
    expect(await holderOf(store)).toBe('UB');
  });

  it('with nobody waiting, a hand-over frees the lock', async () => {
    const now = { ms: T0 };
    const store = makeStore(now);
    await take(store, 'UA', T0);
    await expect(store.handOver('acme/api', 'staging', idOf(lock('UA', T0)), 'x')).resolves.toEqual({
      ended: true,
      next: null,
    });
    expect(await store.get('acme/api', 'staging')).toBeNull();
    expect(await store.list()).toEqual([]);
    await expect(take(store, 'UB', T0)).resolves.toEqual({ kind: 'acquired' });
  });

  it('a waiting person leaves the waiting list; the holder is not in it', async () => {
    const now = { ms: T0 };
    const store = makeStore(now);
    await take(store, 'UA', T0);
    await take(store, 'UB', T0);
    await take(store, 'UC', T0);
    await expect(store.leave('acme/api', 'staging', 'UB')).resolves.toBe(true);
    await expect(store.leave('acme/api', 'staging', 'UB')).resolves.toBe(false);
    await expect(store.leave('acme/api', 'staging', 'UA')).resolves.toBe(false);
    expect(await list(store)).toEqual(['UC']);
    await take(store, 'UB', T0);
    expect(await list(store)).toEqual(['UC', 'UB']);
  });

  it('a lock whose time is over is no longer in force; with nobody waiting, it is taken', async () => {
    const now = { ms: T0 };
    const store = makeStore(now);
    await take(store, 'UA', T0);
    now.ms = T0 + 8 * H;
    expect(await store.get('acme/api', 'staging')).toBeNull();
    expect(await store.list()).toEqual([]);
    expect((await store.peek('acme/api', 'staging'))?.holder.slack_user_id).toBe('UA');
    await expect(take(store, 'UB', now.ms)).resolves.toEqual({ kind: 'acquired' });
    expect(await holderOf(store)).toBe('UB');
  });

  it('a lock whose time is over, with people waiting, keeps newcomers waiting until it is handed over', async () => {
    const now = { ms: T0 };
    const store = makeStore(now);
    await take(store, 'UA', T0);
    await take(store, 'UB', T0);
    now.ms = T0 + 9 * H;
    expect(await store.get('acme/api', 'staging')).toBeNull();
    await expect(take(store, 'UC', now.ms)).resolves.toMatchObject({
      kind: 'waiting',
      place: 2,
      joined: true,
      current: { holder: { slack_user_id: 'UA' } },
    });
    // Its holder too: their time is over, they queue behind those who waited.
    await expect(take(store, 'UA', now.ms)).resolves.toMatchObject({ kind: 'waiting', place: 3 });
    const ended = await store.handOver('acme/api', 'staging', idOf(lock('UA', T0)), 'lock-expire-x');
    expect(ended).toMatchObject({ ended: true, next: { holder: { slack_user_id: 'UB' } } });
    expect(await list(store)).toEqual(['UC', 'UA']);
  });

  it('release removes the lock and its waiting list', async () => {
    const now = { ms: T0 };
    const store = makeStore(now);
    await take(store, 'UA', T0);
    await take(store, 'UB', T0);
    expect((await store.release('acme/api', 'staging'))?.holder.slack_user_id).toBe('UA');
    expect(await list(store)).toEqual([]);
    await expect(take(store, 'UC', T0)).resolves.toEqual({ kind: 'acquired' });
  });
});

describe('waiting list in Redis', () => {
  const fresh = (now: { ms: number }) => {
    const prefix = testPrefix('lockwait');
    prefixes.push(prefix);
    return { prefix, store: createLockStore(redis, prefix, { now: () => now.ms }) };
  };

  it('people locking at once each get one place, on one waiting list, with no one twice', async () => {
    const { store } = fresh({ ms: T0 });
    await take(store, 'UA', T0);
    const who = ['UB', 'UC', 'UD', 'UE', 'UF', 'UG'];
    const results = await Promise.all([...who, ...who].map((w) => take(store, w, T0, 10)));
    const places = results.map((r) => (r.kind === 'waiting' ? r.place : -1));
    expect(places.slice(0, 6).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(places.slice(6)).toEqual(places.slice(0, 6));
    expect((await list(store)).sort()).toEqual(who);
  });

  it('a hand-over and a newcomer at once: the newcomer waits and is handed it, or takes it', async () => {
    const { store } = fresh({ ms: T0 });
    await take(store, 'UA', T0);
    const [ended, joined] = await Promise.all([
      store.handOver('acme/api', 'staging', idOf(lock('UA', T0)), 'x'),
      take(store, 'UB', T0),
    ]);
    expect(ended.ended).toBe(true);
    // Never a waiting list with no holder: UB holds it, directly or through the hand-over.
    expect(await holderOf(store)).toBe('UB');
    expect(await list(store)).toEqual([]);
    expect(['acquired', 'waiting']).toContain(joined.kind);
  });

  it('keeps its keys under its prefix, each expiring: the lock a day after its end, the list in 8 days', async () => {
    const { prefix, store } = fresh({ ms: T0 });
    await take(store, 'UA', T0);
    await take(store, 'UB', T0);
    const keys = (await redis.keys(`${prefix}*`)).sort();
    expect(keys).toEqual([
      `${prefix}:lock-waiters:acme/api:staging`,
      `${prefix}:lock-waiting:acme/api:staging`,
      `${prefix}:lock:acme/api:staging`,
      `${prefix}:locks`,
    ]);
    const ttl = (k: string) => redis.pttl(`${prefix}:${k}:acme/api:staging`);
    expect(await ttl('lock')).toBeGreaterThan(8 * H + 23 * H);
    expect(await ttl('lock')).toBeLessThanOrEqual(8 * H + 24 * H);
    for (const k of ['lock-waiting', 'lock-waiters']) {
      expect(await ttl(k)).toBeGreaterThan(8 * 24 * H - 60_000);
      expect(await ttl(k)).toBeLessThanOrEqual(8 * 24 * H);
    }
  });

  it('a waiting list left without its lock (the lock key gone) is dropped by the next lock', async () => {
    const { prefix, store } = fresh({ ms: T0 });
    await take(store, 'UA', T0);
    await take(store, 'UB', T0);
    await redis.del(`${prefix}:lock:acme/api:staging`);
    await expect(take(store, 'UC', T0)).resolves.toEqual({ kind: 'acquired' });
    expect(await list(store)).toEqual([]);
  });
});
