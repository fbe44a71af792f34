import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh key prefix for one test: `test-<uuid>`. */
export function freshPrefix(): string {
  return `test-${randomUUID()}`;
}

/** Deletes the keys under `prefix` (only those), with SCAN: never FLUSHALL. */
export async function deleteKeysUnder(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/** A Redis connection and the prefixes its tests used, deleted by `cleanup` (call it in afterEach). */
export function testRedis(): { redis: Redis; prefix(): string; cleanup(): Promise<void>; quit(): Promise<void> } {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  const used: string[] = [];
  return {
    redis,
    prefix() {
      const p = freshPrefix();
      used.push(p);
      return p;
    },
    async cleanup() {
      for (const p of used.splice(0)) await deleteKeysUnder(redis, p);
    },
    async quit() {
      await redis.quit();
    },
  };
}
