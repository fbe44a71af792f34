import type { Redis } from 'ioredis';
import {
  deploymentChangesSchema,
  deploymentRecordSchema,
  FINAL_RECORD_STATES,
  type DeploymentRecord,
  type DeploymentRecordStore,
  type DeploymentRecordState,
} from '../../contracts/dora/deployment-record.js';
import { isCountedDeployment } from '../../contracts/dora/compute-dora.js';
import { redisKey } from '../redis/redis-keys.js';

/** How many records an app/environment keeps (the oldest go first), and how long any is kept. */
export type DeploymentRecordBounds = { maxPerEnvironment: number; retentionDays: number };

/** 180 days: the 90-day window and the 90 days before it (its trend). 5,000: about 28 deployments a day. */
export const DEPLOYMENT_RECORD_DEFAULTS: DeploymentRecordBounds = { maxPerEnvironment: 5000, retentionDays: 180 };

/** At most this many app/environment pairs are listed (the most recently active). */
const MAX_ENVIRONMENTS = 1000;

const RANK: Record<DeploymentRecordState, number> = {
  requested: 0,
  queued: 1,
  in_progress: 2,
  success: 3,
  failure: 3,
  error: 3,
  cancelled: 3,
};

// KEYS: record, line index, app index, environment index, all index, environments
// ARGV: id, score, state, rank, time field, time, final (1/0), description, has description, log url,
//       has log url, ttl s, cap, min score, record key prefix, environment member, max environments, base JSON
const RECORD = `
local id = ARGV[1]
redis.call('hsetnx', KEYS[1], 'base', ARGV[18])
redis.call('hsetnx', KEYS[1], 'state', 'requested')
local finished = redis.call('hexists', KEYS[1], 'finished_at') == 1
local moved = false
if ARGV[7] == '1' then
  if not finished then
    redis.call('hset', KEYS[1], 'finished_at', ARGV[6], 'state', ARGV[3])
    moved = true
  end
elseif not finished then
  if ARGV[5] ~= '' then redis.call('hsetnx', KEYS[1], ARGV[5], ARGV[6]) end
  local rank = tonumber(redis.call('hget', KEYS[1], 'rank') or '0')
  if tonumber(ARGV[4]) > rank then
    redis.call('hset', KEYS[1], 'state', ARGV[3], 'rank', ARGV[4])
    moved = true
  end
end
if moved then
  if ARGV[9] == '1' then redis.call('hset', KEYS[1], 'description', ARGV[8]) end
  if ARGV[11] == '1' then redis.call('hset', KEYS[1], 'log_url', ARGV[10]) end
end
redis.call('expire', KEYS[1], ARGV[12])
for i = 2, 5 do redis.call('zadd', KEYS[i], 'NX', ARGV[2], id) end
local function drop(ids)
  for _, old in ipairs(ids) do
    redis.call('del', ARGV[15] .. old)
    for i = 2, 5 do redis.call('zrem', KEYS[i], old) end
  end
end
drop(redis.call('zrangebyscore', KEYS[2], '-inf', '(' .. ARGV[14]))
local extra = redis.call('zcard', KEYS[2]) - tonumber(ARGV[13])
if extra > 0 then drop(redis.call('zrange', KEYS[2], 0, extra - 1)) end
for i = 3, 5 do redis.call('zremrangebyscore', KEYS[i], '-inf', '(' .. ARGV[14]) end
for i = 2, 5 do redis.call('expire', KEYS[i], ARGV[12]) end
redis.call('zadd', KEYS[6], ARGV[2], ARGV[16])
redis.call('zremrangebyscore', KEYS[6], '-inf', '(' .. ARGV[14])
redis.call('zremrangebyrank', KEYS[6], 0, -tonumber(ARGV[17]) - 1)
redis.call('expire', KEYS[6], ARGV[12])
return moved and 1 or 0
`;

/**
 * chatops' deployment records in Redis, shared by heaven (writes) and the bot (reads):
 * `<prefix>:dora:record:<id>` (a hash: the record's fixed part as JSON, its state, times, description,
 * log url, changes), indexes sorted by request time per app/environment (`dora:line:<app>:<env>`),
 * app (`dora:app:<app>`), environment (`dora:env:<env>`) and all (`dora:all`), and the pairs seen
 * (`dora:environments`). Bounded: each write drops the records of its app/environment older than
 * `retentionDays` or beyond the newest `maxPerEnvironment`; every key expires `retentionDays` after
 * its last write.
 */
export function createDeploymentRecordStore(
  redis: Redis,
  prefix: string,
  bounds: DeploymentRecordBounds = DEPLOYMENT_RECORD_DEFAULTS,
  now: () => number = Date.now,
): DeploymentRecordStore {
  const k = (...parts: Array<string | number>) => redisKey(prefix, 'dora', ...parts);
  const recordKey = (id: number) => k('record', id);
  const lineKey = (app: string, env: string) => k('line', app, env);
  const ttlS = bounds.retentionDays * 24 * 3600;

  const readMany = async (ids: string[]): Promise<DeploymentRecord[]> => {
    if (ids.length === 0) return [];
    const m = redis.multi();
    for (const id of ids) m.hgetall(recordKey(Number(id)));
    const replies = (await m.exec()) ?? [];
    return replies.flatMap(([, hash]) => {
      const record = toRecord(hash as Record<string, string>);
      return record ? [record] : [];
    });
  };

  return {
    async record(base, t) {
      const score = Date.parse(base.requested_at);
      const timeField = t.state === 'queued' ? 'queued_at' : t.state === 'in_progress' ? 'started_at' : '';
      await redis.eval(
        RECORD,
        6,
        recordKey(base.deployment_id),
        lineKey(base.app, base.environment),
        k('app', base.app),
        k('env', base.environment),
        k('all'),
        k('environments'),
        base.deployment_id,
        score,
        t.state,
        RANK[t.state],
        timeField,
        t.at,
        FINAL_RECORD_STATES.has(t.state) ? '1' : '0',
        t.description ?? '',
        t.description !== undefined ? '1' : '0',
        t.log_url ?? '',
        t.log_url ? '1' : '0',
        ttlS,
        bounds.maxPerEnvironment,
        now() - ttlS * 1000,
        `${k('record')}:`,
        JSON.stringify([base.app, base.environment]),
        MAX_ENVIRONMENTS,
        JSON.stringify(base),
      );
    },
    async setChanges(id, changes) {
      const parsed = deploymentChangesSchema.parse(changes);
      if ((await redis.exists(recordKey(id))) === 1)
        await redis.hsetnx(recordKey(id), 'changes', JSON.stringify(parsed));
    },
    async get(id) {
      return toRecord(await redis.hgetall(recordKey(id)));
    },
    async list(app, env, sinceMs) {
      return readMany(await redis.zrangebyscore(lineKey(app, env), sinceMs, '+inf'));
    },
    async lastSuccess(app, env, beforeId) {
      const ids = (await redis.zrevrange(lineKey(app, env), 0, 199)).filter((id) => Number(id) < beforeId);
      // Only a deployment that changed what runs: a dry run (noop) or a destroy of that sha is no base.
      const successes = (await readMany(ids)).filter(
        (r) => r.state === 'success' && r.finished_at !== null && isCountedDeployment(r),
      );
      successes.sort((a, b) => Date.parse(b.finished_at!) - Date.parse(a.finished_at!));
      return successes[0] ?? null;
    },
    async page({ app, environment, sinceMs, page, perPage }) {
      const index =
        app && environment
          ? lineKey(app, environment)
          : app
            ? k('app', app)
            : environment
              ? k('env', environment)
              : k('all');
      const min = sinceMs ?? '-inf';
      const [total, ids] = await Promise.all([
        redis.zcount(index, min, '+inf'),
        redis.zrevrangebyscore(index, '+inf', min, 'LIMIT', (page - 1) * perPage, perPage),
      ]);
      return { records: await readMany(ids), total };
    },
    async environments() {
      const members = await redis.zrevrange(k('environments'), 0, MAX_ENVIRONMENTS - 1);
      return members.map((m) => {
        const [app, environment] = JSON.parse(m) as [string, string];
        return { app, environment };
      });
    },
  };
}

/** A record from its hash, or null (none, or unreadable). */
function toRecord(h: Record<string, string>): DeploymentRecord | null {
  if (!h.base) return null;
  try {
    const parsed = deploymentRecordSchema.safeParse({
      ...JSON.parse(h.base),
      state: h.state ?? 'requested',
      description: h.description ?? null,
      log_url: h.log_url ?? null,
      queued_at: h.queued_at ?? null,
      started_at: h.started_at ?? null,
      finished_at: h.finished_at ?? null,
      changes: h.changes ? JSON.parse(h.changes) : null,
    });
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
