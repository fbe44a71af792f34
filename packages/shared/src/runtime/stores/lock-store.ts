import type { Redis } from 'ioredis';
import { LOCK_MAX_LIMIT_MS } from '../../contracts/config/lock-settings.js';
import {
  environmentLockSchema,
  isLock,
  lockInForce,
  lockOfWaiter,
  lockWaiterSchema,
  type EnvironmentLock,
  type LockOrWait,
  type LockStore,
  type LockWaiter,
} from '../../contracts/environment-lock.js';

/** A lock's key outlives its end by a day (its timer ends it; the key's expiry only cleans up). */
const LOCK_KEPT_MS = 24 * 3600_000;
/** A waiting list's keys live this long after their last change: longer than any lock. */
const WAITING_TTL_MS = LOCK_MAX_LIMIT_MS + LOCK_KEPT_MS;
/** Tries of a step whose lock or waiting list changed under it before it gives up. */
const TRIES = 10;

/**
 * Takes the lock (KEYS[1]) if it still holds ARGV[1] and is free, or over (ARGV[2] = '1') with nobody
 * waiting; else puts ARGV[5] at the end of the waiting list (KEYS[2], their lock in KEYS[3]) once, at most
 * ARGV[7] waiting. A waiting list left without a lock is dropped.
 */
const LOCK_OR_WAIT_LUA = `
local cur = redis.call('GET', KEYS[1]) or ''
if cur ~= ARGV[1] then return {'changed'} end
local n = redis.call('LLEN', KEYS[2])
if cur == '' and n > 0 then redis.call('DEL', KEYS[2], KEYS[3]) n = 0 end
if cur == '' or (ARGV[2] == '1' and n == 0) then
  if ARGV[4] ~= '0' then redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4]) else redis.call('SET', KEYS[1], ARGV[3]) end
  redis.call('SADD', KEYS[4], KEYS[1])
  return {'acquired'}
end
local pos = redis.call('LPOS', KEYS[2], ARGV[5])
if pos then return {'waiting', pos + 1, 0} end
if n >= tonumber(ARGV[7]) then return {'full', n} end
redis.call('RPUSH', KEYS[2], ARGV[5])
redis.call('HSET', KEYS[3], ARGV[5], ARGV[6])
redis.call('PEXPIRE', KEYS[2], ARGV[8])
redis.call('PEXPIRE', KEYS[3], ARGV[8])
return {'waiting', n + 1, 1}
`;

/**
 * Ends the lock if it still holds ARGV[1] and the waiting list's head is still ARGV[2]: the head's lock
 * (ARGV[3]) replaces it, or with nobody waiting the lock is removed. A head whose lock is unreadable
 * (ARGV[3] = '') leaves the waiting list (2: look again).
 */
const HAND_OVER_LUA = `
if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then return 0 end
if (redis.call('LINDEX', KEYS[2], 0) or '') ~= ARGV[2] then return 0 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[4], KEYS[1])
  return 1
end
redis.call('LPOP', KEYS[2])
redis.call('HDEL', KEYS[3], ARGV[2])
if ARGV[3] == '' then return 2 end
if ARGV[4] ~= '0' then redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4]) else redis.call('SET', KEYS[1], ARGV[3]) end
if redis.call('LLEN', KEYS[2]) > 0 then
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
  redis.call('PEXPIRE', KEYS[3], ARGV[5])
end
return 1
`;

function readLock(raw: string | null): EnvironmentLock | null {
  if (!raw) return null;
  try {
    const parsed = environmentLockSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function readWaiter(raw: string | null): LockWaiter | null {
  if (!raw) return null;
  try {
    const parsed = lockWaiterSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Environment locks and their lines in Redis, shared by the bot (lock, unlock, locks, their timers)
 * and heaven (refuses deployments by anyone but the holder). Per lock: its key (expiring a day after
 * the lock ends), the waiting list (a list of Slack user ids) and the lock each one waits for (a hash), all
 * under the prefix's hash tag; every change of a lock and its waiting list is one script, checked against
 * what the caller read. `clock` decides whether a lock's time is over.
 */
export function createLockStore(
  redis: Redis,
  prefix: string,
  clock: { now(): number } = { now: () => Date.now() },
): LockStore {
  const index = `${prefix}:locks`;
  const name = (repository: string, environment: string) => `${repository.toLowerCase()}:${environment}`;
  const keysOf = (repository: string, environment: string) => {
    const n = name(repository, environment);
    return [`${prefix}:lock:${n}`, `${prefix}:lock-waiting:${n}`, `${prefix}:lock-waiters:${n}`, index] as const;
  };
  const ttlOf = (lock: EnvironmentLock | null) =>
    lock?.expires_at ? String(Math.max(1, Date.parse(lock.expires_at) - clock.now()) + LOCK_KEPT_MS) : '0';

  const lockOrWait = async (lock: EnvironmentLock, waiter: LockWaiter, maxWaiting: number): Promise<LockOrWait> => {
    const keys = keysOf(lock.repository, lock.environment);
    const userId = lock.holder.slack_user_id;
    for (let i = 0; i < TRIES; i += 1) {
      const raw = await redis.get(keys[0]);
      const current = readLock(raw);
      const inForce = current !== null && lockInForce(current, clock.now());
      if (inForce && current.holder.slack_user_id === userId) return { kind: 'holding', current };
      const reply = (await redis.eval(
        LOCK_OR_WAIT_LUA,
        keys.length,
        ...keys,
        raw ?? '',
        inForce ? '0' : '1',
        JSON.stringify(lock),
        ttlOf(lock),
        userId,
        JSON.stringify(waiter),
        String(maxWaiting),
        String(WAITING_TTL_MS),
      )) as [string, number?, number?];
      if (reply[0] === 'acquired') return { kind: 'acquired' };
      if (reply[0] === 'changed') continue;
      // Waiting behind a lock whose time is over: it is still the one to wait for until its timer ends it.
      const shown = current ?? lock;
      if (reply[0] === 'full') return { kind: 'full', current: shown, waiting: Number(reply[1]) };
      return { kind: 'waiting', current: shown, place: Number(reply[1]), joined: reply[2] === 1 };
    }
    throw new Error(`the lock of ${lock.repository} ${lock.environment} kept changing; try again`);
  };

  return {
    lockOrWait,
    async acquire(lock) {
      const waiter = { holder: lock.holder, reason: lock.reason, joined_at: lock.locked_at };
      const result = await lockOrWait(lock, waiter, 0);
      return result.kind === 'acquired' ? { acquired: true } : { acquired: false, current: result.current };
    },
    async get(repository, environment) {
      const lock = readLock(await redis.get(keysOf(repository, environment)[0]));
      return lock && lockInForce(lock, clock.now()) ? lock : null;
    },
    async peek(repository, environment) {
      return readLock(await redis.get(keysOf(repository, environment)[0]));
    },
    async release(repository, environment) {
      const [k, list, waiters] = keysOf(repository, environment);
      const [[, raw]] = (await redis.multi().get(k).del(k, list, waiters).srem(index, k).exec()) as [
        [unknown, string | null],
      ];
      return readLock(raw);
    },
    async list() {
      const keys = await redis.smembers(index);
      if (keys.length === 0) return [];
      const values = await redis.mget(...keys);
      const locks: EnvironmentLock[] = [];
      const stale: string[] = [];
      const now = clock.now();
      values.forEach((raw, i) => {
        const lock = readLock(raw);
        if (!lock) stale.push(keys[i]!);
        else if (lockInForce(lock, now)) locks.push(lock);
      });
      if (stale.length > 0) await redis.srem(index, ...stale);
      return locks.sort((a, b) => a.locked_at.localeCompare(b.locked_at));
    },
    async handOver(repository, environment, id, endedBy) {
      const keys = keysOf(repository, environment);
      for (let i = 0; i < TRIES; i += 1) {
        const [[, raw], [, head]] = (await redis.multi().get(keys[0]).lindex(keys[1], 0).exec()) as [
          [unknown, string | null],
          [unknown, string | null],
        ];
        const lock = readLock(raw);
        if (!lock || !isLock(lock, id)) return { ended: false };
        const waiter = head ? readWaiter(await redis.hget(keys[2], head)) : null;
        const next = waiter ? lockOfWaiter(lock, waiter, clock.now(), endedBy) : null;
        const reply = await redis.eval(
          HAND_OVER_LUA,
          keys.length,
          ...keys,
          raw ?? '',
          head ?? '',
          next ? JSON.stringify(next) : '',
          ttlOf(next),
          String(WAITING_TTL_MS),
        );
        if (reply === 1) return { ended: true, next };
      }
      throw new Error(`the lock of ${repository} ${environment} kept changing; try again`);
    },
    async leave(repository, environment, userId) {
      const [, list, waiters] = keysOf(repository, environment);
      const [[, removed]] = (await redis.multi().lrem(list, 0, userId).hdel(waiters, userId).exec()) as [
        [unknown, number],
      ];
      return removed > 0;
    },
    async waiting(repository, environment) {
      const [, list, waiters] = keysOf(repository, environment);
      const ids = await redis.lrange(list, 0, -1);
      if (ids.length === 0) return [];
      const values = await redis.hmget(waiters, ...ids);
      return values.map(readWaiter).filter((w): w is LockWaiter => w !== null);
    },
  };
}
