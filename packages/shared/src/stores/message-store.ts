import type { Redis } from 'ioredis';
import { z } from 'zod';

export const messageRefSchema = z.object({
  channel: z.string(),
  ts: z.string(),
  /** The last state shown in the message, so out-of-order statuses never move it back. */
  state: z.string().optional(),
  updated_at: z.string().optional(),
});

export type MessageRef = z.infer<typeof messageRefSchema>;

export type MessageStore = {
  get(key: string): Promise<MessageRef | null>;
  set(key: string, ref: MessageRef): Promise<void>;
  delete(key: string): Promise<void>;
};

/** The Redis key of a message reference (for callers that batch it with other commands). */
export const messageStoreKey = (prefix: string, k: string) => `${prefix}:message:${k}`;

/** A stored message reference, or null when absent or unreadable. */
export function parseMessageRef(raw: string | null | undefined): MessageRef | null {
  if (!raw) return null;
  const parsed = messageRefSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}

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
