import type { Redis } from 'ioredis';

/** A key under the queue prefix (keeps the `{…}` hash tag first, for Redis Cluster): `<prefix>:a:b:c`. */
export function redisKey(prefix: string, ...parts: Array<string | number>): string {
  return [prefix, ...parts].join(':');
}

/** Deletes KEYS[1] only if it still holds ARGV[1]: a lock released by its owner, never by another. */
export const RELEASE_IF_OWNER_LUA =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/**
 * Counts one more in `key`, which lives `ttlSeconds` from its first count: INCR and EXPIRE NX in one
 * transaction, so no crash leaves a counter that never expires.
 */
export async function incrWithTtl(redis: Redis, key: string, ttlSeconds: number): Promise<number> {
  const replies = await redis.multi().incr(key).expire(key, ttlSeconds, 'NX').exec();
  const [error, count] = replies?.[0] ?? [new Error('no reply from Redis'), 0];
  if (error) throw error;
  return Number(count);
}
