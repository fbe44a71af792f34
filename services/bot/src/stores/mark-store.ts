import { type Redis, redisKey, waitForReplicas } from '@chatops/shared/runtime';
import type { MarkStore } from '../ports.js';

/**
 * What command jobs did so far, under `<prefix>:bot:mark:<key>`. A mark is remembered on the replicas
 * too when the Redis URL asks for `replica_acks` (a failover must not forget that a job was creating a
 * deployment, or its next run would create a second one).
 */
export function createMarkStore(redis: Redis, prefix: string): MarkStore {
  const key = (name: string) => redisKey(prefix, 'bot', 'mark', name);
  return {
    async remember(name, value, ttlSeconds) {
      await redis.set(key(name), value, 'EX', ttlSeconds);
      await waitForReplicas(redis);
    },
    async recall(name) {
      return redis.get(key(name));
    },
  };
}
