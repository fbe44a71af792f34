import { type Redis, redisKey } from '@chatops/shared/runtime';
import type { OnceKeys } from '../ports.js';

/** SET NX with a lifetime: true the first time only (auto-deploys, the failed-job sweep, webhook bodies). */
export function createOnceKeys(redis: Redis, prefix: string): OnceKeys & { key(kind: string, id: string): string } {
  // `<prefix>:heaven:<kind>:<id>`; `key` serves a caller that sets it in its own pipeline (the webhook intake).
  const key = (kind: string, id: string) => redisKey(prefix, 'heaven', kind, id);
  return {
    async once(kind, id, ttlS) {
      return (await redis.set(key(kind, id), '1', 'EX', ttlS, 'NX')) === 'OK';
    },
    async forget(kind, id) {
      await redis.del(key(kind, id));
    },
    key,
  };
}
