import { type Redis, redisKey } from '@chatops/shared/runtime';
import type { HeldAutoDeploy, HeldAutoDeploys } from '../ports.js';

/** A hold outlives its freeze by this long (a heaven down when the freeze ended still finds it). */
const AFTER_S = 7 * 24 * 3600;

/**
 * Auto-deploys a freeze holds, in one hash `<prefix>:heaven:held-autodeploys` (field
 * `<repository>:<environment>`), which lives a week past the end of the longest freeze it holds for.
 */
export function createHeldAutoDeploys(redis: Redis, prefix: string): HeldAutoDeploys {
  const key = redisKey(prefix, 'heaven', 'held-autodeploys');
  const field = (repository: string, environment: string) => `${repository.toLowerCase()}:${environment}`;
  return {
    async hold(held, untilMs, nowMs) {
      const s = Math.ceil(Math.max(0, untilMs - nowMs) / 1000) + AFTER_S;
      // NX gives a new hash its lifetime, GT lengthens it.
      await redis
        .multi()
        .hset(key, field(held.repository, held.environment), JSON.stringify(held))
        .expire(key, s, 'NX')
        .expire(key, s, 'GT')
        .exec();
    },
    async list() {
      const all = await redis.hgetall(key);
      return Object.values(all).flatMap((raw) => {
        try {
          return [JSON.parse(raw) as HeldAutoDeploy];
        } catch {
          return [];
        }
      });
    },
    async take(repository, environment) {
      return (await redis.hdel(key, field(repository, environment))) === 1;
    },
  };
}
