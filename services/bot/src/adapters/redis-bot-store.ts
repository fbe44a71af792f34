import type { Redis } from 'ioredis';
import type { BotStorePort, PendingConfirmation } from '../ports.js';

/** The bot's Redis state, under the queue prefix: rate counters, group cache, confirmations, markers. */
export function createRedisBotStore(redis: Redis, prefix: string, groupTtlSeconds = 600): BotStorePort {
  const k = (...parts: string[]) => `${prefix}:bot:${parts.join(':')}`;
  const parse = (raw: string | null): PendingConfirmation | null => (raw ? (JSON.parse(raw) as PendingConfirmation) : null);
  return {
    async hit(userId, limit, nowMs) {
      const key = k('rate', userId, String(Math.floor(nowMs / 60_000)));
      const [[, count]] = (await redis.multi().incr(key).expire(key, 120).exec()) as [[unknown, number]];
      return count <= limit;
    },
    async cachedGroup(groupId) {
      const raw = await redis.get(k('group', groupId));
      return raw ? (JSON.parse(raw) as string[]) : null;
    },
    async cacheGroup(groupId, members) {
      await redis.set(k('group', groupId), JSON.stringify(members), 'EX', groupTtlSeconds);
    },
    async saveConfirmation(id, pending, ttlSeconds) {
      await redis.set(k('confirm', id), JSON.stringify(pending), 'EX', ttlSeconds);
    },
    async getConfirmation(id) {
      return parse(await redis.get(k('confirm', id)));
    },
    async takeConfirmation(id) {
      return parse(await redis.getdel(k('confirm', id)));
    },
    async remember(key, value, ttlSeconds) {
      await redis.set(k('mark', key), value, 'EX', ttlSeconds);
    },
    async recall(key) {
      return redis.get(k('mark', key));
    },
  };
}
