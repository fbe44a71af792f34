import { homeUpdateJobSchema, type HomeUpdateJob } from '@chatops/shared/contracts';
import { randomUUID } from 'node:crypto';
import { RELEASE_IF_OWNER_LUA, type Redis, redisKey } from '@chatops/shared/runtime';
import type { HomeStore } from '../ports.js';

/** The newest deployments kept per app and environment (what runs there, what runs now, what waits). */
const KEEP_DEPLOYMENTS = 20;
const DEPLOYMENTS_TTL_S = 30 * 24 * 3600;
/** Who opened Home within this long is shown changes as they happen. */
const HOME_RECENT_MS = 30 * 60 * 1000;
/** At most this many recent viewers per app are kept (the most recent). */
const MAX_VIEWERS = 200;

/**
 * KEYS: the environment's hash (deployment id → what its last status said); ARGV: id, status id,
 * JSON, how many to keep, TTL. Writes only a later status of the deployment than the one kept (jobs
 * may run out of order), then drops the oldest deployments past the number kept.
 */
const RECORD_LUA = `local cur = redis.call('hget', KEYS[1], ARGV[1])
if cur then
  local ok, kept = pcall(cjson.decode, cur)
  if ok and type(kept) == 'table' and tonumber(kept.status_id) and tonumber(kept.status_id) >= tonumber(ARGV[2]) then
    return 0
  end
end
redis.call('hset', KEYS[1], ARGV[1], ARGV[3])
local ids = redis.call('hkeys', KEYS[1])
local keep = tonumber(ARGV[4])
if #ids > keep then
  table.sort(ids, function(a, b) return tonumber(a) > tonumber(b) end)
  for i = keep + 1, #ids do redis.call('hdel', KEYS[1], ids[i]) end
end
redis.call('expire', KEYS[1], ARGV[5])
return 1`;

type HomeRedis = Redis & { chatopsHomeRecord(key: string, ...args: Array<string | number>): Promise<number> };

/**
 * What Home shows that only the notifier sees (the deployments' states, from `home-updates`), and who
 * opened Home lately: `<prefix>:bot:home:deployments:<app>:<env>` (a hash, the newest 20, 30 days) and
 * `<prefix>:bot:home:viewers:<app>` (a sorted set of user ids by when they opened Home, the newest
 * 200, expiring 30 minutes after the last one), and `<prefix>:bot:home:publishing:<user>` (a short
 * hold: one job at a time reads and publishes a person's Home, so the last published is the last read),
 * and `<prefix>:bot:home:scheduled:<user>` (a publish of their Home is queued: no second one while it waits).
 */
export function createHomeStore(redis: Redis, prefix: string): HomeStore {
  if (!('chatopsHomeRecord' in redis)) redis.defineCommand('chatopsHomeRecord', { numberOfKeys: 1, lua: RECORD_LUA });
  const r = redis as HomeRedis;
  const deploymentsKey = (app: string, env: string) => redisKey(prefix, 'bot', 'home', 'deployments', app, env);
  const viewersKey = (app: string) => redisKey(prefix, 'bot', 'home', 'viewers', app);
  const publishingKey = (userId: string) => redisKey(prefix, 'bot', 'home', 'publishing', userId);
  const scheduledKey = (userId: string) => redisKey(prefix, 'bot', 'home', 'scheduled', userId);
  return {
    async record(d) {
      const key = deploymentsKey(d.app, d.environment);
      const args = [d.deployment_id, d.status_id, JSON.stringify(d), KEEP_DEPLOYMENTS, DEPLOYMENTS_TTL_S];
      return (await r.chatopsHomeRecord(key, ...args)) === 1;
    },
    async deployments(app, env) {
      const kept: HomeUpdateJob[] = [];
      for (const raw of await redis.hvals(deploymentsKey(app, env))) {
        const parsed = homeUpdateJobSchema.safeParse(safeJson(raw));
        if (parsed.success) kept.push(parsed.data);
      }
      return kept.sort((a, b) => b.deployment_id - a.deployment_id);
    },
    async opened(userId, apps, nowMs) {
      if (apps.length === 0) return;
      const m = redis.multi();
      for (const app of apps)
        m.zadd(viewersKey(app), nowMs, userId)
          .zremrangebyscore(viewersKey(app), '-inf', nowMs - HOME_RECENT_MS)
          .zremrangebyrank(viewersKey(app), 0, -(MAX_VIEWERS + 1))
          .pexpire(viewersKey(app), HOME_RECENT_MS);
      await m.exec();
    },
    viewers: (app, nowMs) => redis.zrangebyscore(viewersKey(app), nowMs - HOME_RECENT_MS, '+inf'),
    async holdPublish(userId, ms) {
      const token = randomUUID();
      return (await redis.set(publishingKey(userId), token, 'PX', ms, 'NX')) === 'OK' ? token : null;
    },
    async releasePublish(userId, token) {
      await redis.eval(RELEASE_IF_OWNER_LUA, 1, publishingKey(userId), token);
    },
    async schedulePublish(userId, ms) {
      return (await redis.set(scheduledKey(userId), '1', 'PX', ms, 'NX')) === 'OK';
    },
    async publishStarted(userId) {
      await redis.del(scheduledKey(userId));
    },
  };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}
