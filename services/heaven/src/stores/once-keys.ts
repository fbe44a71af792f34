import type { Redis } from 'ioredis';
import type { OnceKeys } from '../ports.js';

/** The Redis key of a once-key (for a caller that sets it in its own pipeline, e.g. the webhook intake). */
const onceKey = (prefix: string, kind: string, id: string): string => `${prefix}:heaven:${kind}:${id}`;

/** SET NX with a lifetime: true the first time only (auto-deploys, the failed-job sweep, webhook bodies). */
export function createOnceKeys(redis: Redis, prefix: string): OnceKeys & { key(kind: string, id: string): string } {
  return {
    async once(kind, id, ttlS) {
      return (await redis.set(onceKey(prefix, kind, id), '1', 'EX', ttlS, 'NX')) === 'OK';
    },
    async forget(kind, id) {
      await redis.del(onceKey(prefix, kind, id));
    },
    key: (kind, id) => onceKey(prefix, kind, id),
  };
}
