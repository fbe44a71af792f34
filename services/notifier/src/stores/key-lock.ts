import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { KeyLock } from '../ports.js';

/** Deletes the lock only if it still holds this token. */
const RELEASE_LOCK_LUA =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export const keyLockKey = (prefix: string, key: string) => `${prefix}:notifier:lock:${key}`;

/**
 * A short Redis lock per key (SET NX PX), so two workers never handle the same deployment or
 * monitor at once. It expires by itself after `ttlMs` if a process dies holding it.
 */
export function createKeyLock(redis: Redis, prefix: string, ttlMs = 60_000): KeyLock {
  return {
    async run(key, fn) {
      const k = keyLockKey(prefix, key);
      const token = randomUUID();
      const set = await redis.set(k, token, 'PX', ttlMs, 'NX');
      if (set !== 'OK') return { acquired: false };
      try {
        return { acquired: true, value: await fn() };
      } finally {
        await redis.eval(RELEASE_LOCK_LUA, 1, k, token).catch(() => undefined);
      }
    },
  };
}
