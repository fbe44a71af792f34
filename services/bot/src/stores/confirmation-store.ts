import { type Redis, redisKey } from '@chatops/shared/runtime';
import type { ConfirmationStore, PendingConfirmation } from '../ports.js';

/** Deployments waiting for their requester's Confirm, under `<prefix>:bot:confirm:<id>`. */
export function createConfirmationStore(redis: Redis, prefix: string): ConfirmationStore {
  const key = (id: string) => redisKey(prefix, 'bot', 'confirm', id);
  const parse = (raw: string | null): PendingConfirmation | null =>
    raw ? (JSON.parse(raw) as PendingConfirmation) : null;
  return {
    async save(id, pending, ttlSeconds) {
      await redis.set(key(id), JSON.stringify(pending), 'EX', ttlSeconds);
    },
    async get(id) {
      return parse(await redis.get(key(id)));
    },
    async take(id) {
      return parse(await redis.getdel(key(id)));
    },
  };
}
