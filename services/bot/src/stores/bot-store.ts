import { createPipelineBatcher, replyValue, type Redis } from '@chatops/shared/runtime';
import type { BotStorePort, PendingConfirmation } from '../ports.js';

/** How long a per-minute rate counter lives (it only has to outlast its minute). */
const RATE_KEY_TTL_S = 120;

/**
 * The rate counter in one command: INCR, then EXPIRE, in a Lua script (atomic as the MULTI/EXEC it
 * replaces), batched with the other commands of the same event-loop turn (one write to Redis).
 */
const RATE_HIT = 'chatopsRateHit';
const RATE_HIT_LUA = "local n = redis.call('INCR', KEYS[1]) redis.call('EXPIRE', KEYS[1], ARGV[1]) return n";
type RateHitCommand = { [RATE_HIT]: (key: string, ttlSeconds: number) => unknown };

/** The bot's Redis state, under the queue prefix: rate counters, group cache, confirmations, markers. */
export function createBotStore(redis: Redis, prefix: string, groupTtlSeconds = 600): BotStorePort {
  if (!(RATE_HIT in redis)) redis.defineCommand(RATE_HIT, { numberOfKeys: 1, lua: RATE_HIT_LUA });
  const hits = createPipelineBatcher(() => redis.pipeline());
  const k = (...parts: string[]) => `${prefix}:bot:${parts.join(':')}`;
  const parse = (raw: string | null): PendingConfirmation | null =>
    raw ? (JSON.parse(raw) as PendingConfirmation) : null;
  return {
    async hit(userId, limit, nowMs) {
      const key = k('rate', userId, String(Math.floor(nowMs / 60_000)));
      const count = await hits.run({
        append: (p) => (p as unknown as RateHitCommand)[RATE_HIT](key, RATE_KEY_TTL_S),
        read: ([reply]) => Number(replyValue(reply)),
      });
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
