import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A queue/key prefix of one test's own, with a hash tag like production's. */
export function testPrefix(name = 'test'): string {
  return `{chatops-${name}-${randomUUID().slice(0, 8)}}`;
}

/** Deletes only the keys under `prefix` (never FLUSHALL / FLUSHDB: the Redis is shared). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  const pattern = `${prefix.replace(/([*?[\]\\])/g, '\\$1')}*`;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
