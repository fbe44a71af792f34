import type { Redis } from 'ioredis';
import type { ProbeTries } from '../ports.js';

/** Post-deploy probe tries per deployment, counted in Redis for an hour (a retried job counts on). */
export function createProbeTries(redis: Redis, prefix: string): ProbeTries {
  return {
    async next(deploymentId) {
      const key = `${prefix}:notifier:post-deploy:${deploymentId}`;
      const tries = await redis.incr(key);
      await redis.expire(key, 3600);
      return tries;
    },
  };
}
