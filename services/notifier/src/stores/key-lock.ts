import { randomUUID } from 'node:crypto';
import { RELEASE_IF_OWNER_LUA, redisKey } from '@chatops/shared/runtime';
import type { Redis } from 'ioredis';
import type { KeyLock } from '../ports.js';

export const keyLockKey = (prefix: string, key: string) => redisKey(prefix, 'notifier', 'lock', key);

/**
 * A short Redis lock per key (SET NX PX), so two runs of one monitor never overlap (a deployment's
 * session takes the same kind of lock, `deployment-<id>`). It expires by itself after `ttlMs` if a
 * process dies holding it.
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
        await redis.eval(RELEASE_IF_OWNER_LUA, 1, k, token).catch(() => undefined);
      }
    },
  };
}
