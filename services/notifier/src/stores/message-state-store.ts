import type { Redis } from 'ioredis';
import { messageStateSchema, type MessageState } from '../deployments/message-state.js';
import type { MessageStateStore } from '../ports.js';

/** The key kept from before the rename (a running deployment keeps its state across an upgrade). */
export const messageStateKey = (prefix: string, id: number) => `${prefix}:notifier:deployment:${id}`;
export const lastSuccessShaKey = (prefix: string, repo: string, env: string) =>
  `${prefix}:notifier:last-sha:${repo.toLowerCase()}:${env}`;
export const MESSAGE_STATE_TTL_SECONDS = 30 * 24 * 3600;
export const LAST_SHA_TTL_SECONDS = 365 * 24 * 3600;

/** A stored state, or null when absent or unreadable. */
export function parseMessageState(raw: string | null | undefined): MessageState | null {
  if (!raw) return null;
  try {
    const parsed = messageStateSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The notifier's state of each deployment's message, in Redis. */
export function createMessageStateStore(
  redis: Redis,
  prefix: string,
  ttlSeconds = MESSAGE_STATE_TTL_SECONDS,
): MessageStateStore {
  return {
    async get(id) {
      return parseMessageState(await redis.get(messageStateKey(prefix, id)));
    },
    async save(state) {
      await redis.set(messageStateKey(prefix, state.view.deploymentId), JSON.stringify(state), 'EX', ttlSeconds);
    },
  };
}
