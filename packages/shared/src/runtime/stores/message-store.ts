import type { Redis } from 'ioredis';
import { parseMessageRef, type MessageStore } from '../../contracts/message-ref.js';

/** The Redis key of a message reference (for callers that batch it with other commands). */
export const messageStoreKey = (prefix: string, k: string) => `${prefix}:message:${k}`;

/**
 * References to Slack messages (channel + ts) by a key such as `deployment-<id>` or
 * `trigger-<trigger_id>`, so a retried job updates the message it already posted.
 */
/** How long a message reference is kept. */
export const MESSAGE_TTL_SECONDS = 30 * 24 * 3600;

export function createMessageStore(redis: Redis, prefix: string, ttlSeconds = MESSAGE_TTL_SECONDS): MessageStore {
  const key = (k: string) => messageStoreKey(prefix, k);
  return {
    async get(k) {
      return parseMessageRef(await redis.get(key(k)));
    },
    async set(k, ref) {
      await redis.set(key(k), JSON.stringify(ref), 'EX', ttlSeconds);
    },
    async delete(k) {
      await redis.del(key(k));
    },
  };
}
