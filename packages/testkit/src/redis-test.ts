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

type PipelineOwner = { pipeline: (...args: never[]) => { length: number; exec: () => Promise<unknown> } };

/**
 * Records, in order, how many commands each pipeline made from `client` sent (its length when
 * `exec` ran): a test of batching reads whether a burst went out in one write. Patches `client`
 * in place (a wrapper must be what the code under test already holds); `restore` undoes it.
 */
export function recordPipelines(client: PipelineOwner): { sizes: number[]; restore(): void } {
  const sizes: number[] = [];
  const original = client.pipeline;
  client.pipeline = ((...args: never[]) => {
    const p = original.apply(client, args);
    const exec = p.exec.bind(p);
    p.exec = async () => {
      sizes.push(p.length);
      return exec();
    };
    return p;
  }) as PipelineOwner['pipeline'];
  return {
    sizes,
    restore: () => {
      client.pipeline = original;
    },
  };
}
