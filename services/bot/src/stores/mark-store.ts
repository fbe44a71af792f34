import { type Redis, redisKey } from '@chatops/shared/runtime';
import type { MarkStore } from '../ports.js';

/** What command jobs did so far, under `<prefix>:bot:mark:<key>`. */
export function createMarkStore(redis: Redis, prefix: string): MarkStore {
  const key = (name: string) => redisKey(prefix, 'bot', 'mark', name);
  return {
    async remember(name, value, ttlSeconds) {
      await redis.set(key(name), value, 'EX', ttlSeconds);
    },
    async recall(name) {
      return redis.get(key(name));
    },
  };
}
