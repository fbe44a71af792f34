import { type Redis, redisKey } from '@chatops/shared/runtime';
import type { GroupCache } from '../ports.js';

/** The members of Slack user groups, under `<prefix>:bot:group:<id>`, for `ttlSeconds` (10 minutes). */
export function createGroupCache(redis: Redis, prefix: string, ttlSeconds = 600): GroupCache {
  const key = (groupId: string) => redisKey(prefix, 'bot', 'group', groupId);
  return {
    async get(groupId) {
      const raw = await redis.get(key(groupId));
      return raw ? (JSON.parse(raw) as string[]) : null;
    },
    async set(groupId, members) {
      await redis.set(key(groupId), JSON.stringify(members), 'EX', ttlSeconds);
    },
  };
}
