import type { Redis } from 'ioredis';
import { environmentLockSchema, type EnvironmentLock, type LockStore } from '../../contracts/environment-lock.js';

/**
 * Environment locks in Redis, shared by the bot (lock, unlock, locks) and heaven (refuses
 * deployments by anyone but the holder). One key per lock plus an index set, all under one hash tag.
 */
export function createLockStore(redis: Redis, prefix: string): LockStore {
  const index = `${prefix}:locks`;
  const key = (repository: string, environment: string) => `${prefix}:lock:${repository.toLowerCase()}:${environment}`;
  const read = (raw: string | null): EnvironmentLock | null => {
    if (!raw) return null;
    const parsed = environmentLockSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  };

  return {
    async acquire(lock) {
      const k = key(lock.repository, lock.environment);
      const set = await redis.set(k, JSON.stringify(lock), 'NX');
      if (set === 'OK') {
        await redis.sadd(index, k);
        return { acquired: true };
      }
      const current = read(await redis.get(k));
      if (!current) {
        // An unreadable lock is replaced, never left blocking.
        await redis.set(k, JSON.stringify(lock));
        await redis.sadd(index, k);
        return { acquired: true };
      }
      return { acquired: false, current };
    },
    async get(repository, environment) {
      return read(await redis.get(key(repository, environment)));
    },
    async release(repository, environment) {
      const k = key(repository, environment);
      const [[, raw]] = (await redis.multi().get(k).del(k).srem(index, k).exec()) as [[unknown, string | null]];
      return read(raw);
    },
    async list() {
      const keys = await redis.smembers(index);
      if (keys.length === 0) return [];
      const values = await redis.mget(...keys);
      const locks: EnvironmentLock[] = [];
      const stale: string[] = [];
      values.forEach((raw, i) => {
        const lock = read(raw);
        if (lock) locks.push(lock);
        else stale.push(keys[i]!);
      });
      if (stale.length > 0) await redis.srem(index, ...stale);
      return locks.sort((a, b) => a.locked_at.localeCompare(b.locked_at));
    },
  };
}
