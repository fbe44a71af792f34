import { type Redis, redisKey } from '@chatops/shared/runtime';
import type { RefCache, RefList } from '../ports.js';

/** A repository's branches and tags under `<prefix>:bot:refs:<repository>`, kept a day (refreshed when stale). */
export function createRefCache(redis: Redis, prefix: string, ttlSeconds = 24 * 3600): RefCache {
  const key = (repository: string) => redisKey(prefix, 'bot', 'refs', repository.toLowerCase());
  return {
    async get(repository) {
      const raw = await redis.get(key(repository));
      return raw ? (JSON.parse(raw) as RefList) : null;
    },
    async set(repository, refs) {
      await redis.set(key(repository), JSON.stringify(refs), 'EX', ttlSeconds);
    },
  };
}
