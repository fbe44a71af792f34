import { incrWithTtl, type Redis, redisKey } from '@chatops/shared/runtime';
import type { LoginLimiter } from '../ports.js';

/** Failed logins an address may make in a window before it is refused (429) until the window ends. */
const LOGIN_FAILURES_ALLOWED = 10;
const LOGIN_WINDOW_S = 60;

/**
 * Failed admin logins per client address, in Redis (shared by every replica): a counter under
 * `<prefix>:heaven:login-failures:<address>` that lives one window from the first failure.
 */
export function createLoginFailures(
  redis: Redis,
  prefix: string,
  limits = { allowed: LOGIN_FAILURES_ALLOWED, windowS: LOGIN_WINDOW_S },
): LoginLimiter {
  const key = (address: string) => redisKey(prefix, 'heaven', 'login-failures', address);
  return {
    async retryAfterS(address) {
      const results = (await redis.multi().get(key(address)).ttl(key(address)).exec()) ?? [];
      const [count, ttl] = results.map(([, value]) => Number(value ?? 0));
      if ((count ?? 0) < limits.allowed) return 0;
      return Math.max(1, ttl ?? limits.windowS);
    },
    async recordFailure(address) {
      await incrWithTtl(redis, key(address), limits.windowS);
    },
  };
}
