import type { Redis } from 'ioredis';
import { adHocFreezeSchema, type AdHocFreeze, type FreezeStore } from '../../contracts/freeze/ad-hoc-freeze.js';
import { redisKey } from '../redis/redis-keys.js';

/**
 * Ad-hoc freezes in Redis, shared by the bot (sets, removes, lists, refuses deploys) and heaven
 * (refuses a deployment before its CI starts, holds auto-deploys): `<prefix>:freeze:<app>:<env or *>`,
 * each expiring when the freeze ends, and an index set `<prefix>:freezes` that lives as long as its
 * longest member.
 */
export function createFreezeStore(redis: Redis, prefix: string): FreezeStore {
  const index = redisKey(prefix, 'freezes');
  const key = (app: string, environment: string | null) => redisKey(prefix, 'freeze', app, environment ?? '*');
  const read = (raw: string | null): AdHocFreeze | null => {
    if (!raw) return null;
    try {
      const parsed = adHocFreezeSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };
  return {
    async set(freeze, nowMs) {
      const ms = Math.max(1, Date.parse(freeze.until) - nowMs);
      const k = key(freeze.app, freeze.environment);
      const s = Math.ceil(ms / 1000);
      // NX gives the new index set a lifetime, GT lengthens it: it outlives every member.
      await redis
        .multi()
        .set(k, JSON.stringify(freeze), 'PX', ms)
        .sadd(index, k)
        .expire(index, s, 'NX')
        .expire(index, s, 'GT')
        .exec();
    },
    async remove(app, environment) {
      const k = key(app, environment);
      const replies = await redis.multi().get(k).del(k).srem(index, k).exec();
      return read((replies?.[0]?.[1] as string | null) ?? null);
    },
    async list(app) {
      const keys = await redis.smembers(index);
      if (keys.length === 0) return [];
      const values = await redis.mget(...keys);
      const freezes: AdHocFreeze[] = [];
      const gone: string[] = [];
      values.forEach((raw, i) => {
        const freeze = read(raw);
        if (freeze) freezes.push(freeze);
        else gone.push(keys[i]!);
      });
      if (gone.length > 0) await redis.srem(index, ...gone);
      return freezes.filter((f) => !app || f.app === app).sort((a, b) => a.until.localeCompare(b.until));
    },
  };
}
