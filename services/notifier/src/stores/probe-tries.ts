import { incrWithTtl, redisKey } from '@chatops/shared/runtime';
import type { Redis } from 'ioredis';
import type { ProbeTries } from '../ports.js';

/**
 * Post-deploy probe tries per deployment, counted in Redis (a retried job counts on). The counter
 * lives an hour beyond `windowMs` (the longest run of tries: attempts × interval) from its first try,
 * so it never expires while the tries go on; INCR and EXPIRE in one transaction, so no crash leaves
 * a counter without an expiry.
 */
export function createProbeTries(redis: Redis, prefix: string, windowMs = 0): ProbeTries {
  const ttlSeconds = 3600 + Math.ceil(windowMs / 1000);
  return {
    next: (deploymentId) => incrWithTtl(redis, redisKey(prefix, 'notifier', 'post-deploy', deploymentId), ttlSeconds),
  };
}
