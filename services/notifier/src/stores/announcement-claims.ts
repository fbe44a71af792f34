import { type Redis, redisKey } from '@chatops/shared/runtime';
import type { AnnouncementClaims } from '../announcements/announce-teardown.js';

/** `<prefix>:notifier:announced:<key>`, kept 30 days. */
export function createAnnouncementClaims(
  redis: Redis,
  prefix: string,
  ttlSeconds = 30 * 24 * 3600,
): AnnouncementClaims {
  const key = (k: string) => redisKey(prefix, 'notifier', 'announced', k);
  return {
    async claim(k) {
      return (await redis.set(key(k), '1', 'EX', ttlSeconds, 'NX')) === 'OK';
    },
    async forget(k) {
      await redis.del(key(k));
    },
  };
}
