import type { Redis } from 'ioredis';
import type { CiRun, HistoryEntry, Place, RunRecord, RunStore } from '../ports.js';

/** A finished run's record is kept this long (a late redelivery of its deployment cannot run it again). */
const DONE_TTL_S = 14 * 24 * 3600;
/**
 * A line, its history, its runner's place and the record of a run not finished yet expire this long
 * after their last activity: one line per branch environment must not stay for ever. A waiting run
 * looks at its line every HEAVEN_POLL_MAX_MS, which keeps them alive while it waits.
 */
export const LINE_TTL_S = 30 * 24 * 3600;
/** The dashboard lists at most this many lines, the most recently active first; older ones are dropped. */
export const MAX_LINES = 500;
const HISTORY_SIZE = 20;

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/** Notes a line's activity. KEYS[n]: the active lines; ARGV: line, now (ms), ttl (s), max lines. */
const TOUCH = `
local function touch(key, line, now, ttl, max)
  redis.call('zadd', key, now, line)
  redis.call('zremrangebyscore', key, '-inf', now - ttl * 1000)
  redis.call('zremrangebyrank', key, 0, -(max + 1))
  redis.call('expire', key, ttl)
end`;

/**
 * Joins the line in one step: the record, its phase and its place in the line are written together
 * (a heaven killed halfway through used to leave a record outside the line, waiting forever). A
 * record that already has a phase (waiting, running, done) is left as it is.
 * KEYS: record, line, active lines; ARGV: line, ref, id, now, ttl, max lines.
 */
const ENTER = `${TOUCH}
if redis.call('hget', KEYS[1], 'phase') then return 0 end
redis.call('hset', KEYS[1], 'line', ARGV[1], 'phase', 'waiting', 'ref', ARGV[2])
redis.call('expire', KEYS[1], ARGV[5])
redis.call('zadd', KEYS[2], 'NX', ARGV[3], ARGV[3])
redis.call('expire', KEYS[2], ARGV[5])
touch(KEYS[3], ARGV[1], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]))
return 1`;

/**
 * Takes the runner's place if this run holds it or is first in line, in one step; keeps the line and
 * the record alive. KEYS: runner, line, record; ARGV: id, ttl. Returns {1, id} or {0, the one ahead}.
 */
const TRY_START = `
redis.call('expire', KEYS[2], ARGV[2])
redis.call('expire', KEYS[3], ARGV[2])
local holder = redis.call('get', KEYS[1])
if holder == ARGV[1] then return {1, holder} end
if holder then return {0, holder} end
local first = redis.call('zrange', KEYS[2], 0, 0)[1]
if first ~= ARGV[1] then return {0, first or '0'} end
redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('hset', KEYS[3], 'phase', 'running')
return {1, ARGV[1]}`;

/** Adds a history entry. KEYS: history, active lines; ARGV: line, now, ttl, max lines, entry, size. */
const ADD_HISTORY = `${TOUCH}
redis.call('lpush', KEYS[1], ARGV[5])
redis.call('ltrim', KEYS[1], 0, tonumber(ARGV[6]) - 1)
redis.call('expire', KEYS[1], ARGV[3])
touch(KEYS[2], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]))
return 1`;

const key = (prefix: string, ...parts: Array<string | number>) => `${prefix}:heaven:${parts.join(':')}`;

/**
 * Runs and lines in Redis. The line is a sorted set of deployment ids (GitHub ids grow with time, so
 * it is creation order); the runner key holds the one deployment of the line that runs.
 */
export function createRunStore(redis: Redis, prefix: string, now: () => number = Date.now): RunStore {
  const k = (...parts: Array<string | number>) => key(prefix, ...parts);
  const rec = (id: number) => k('deployment', id);
  const lineKey = (line: string) => k('line', line);
  const runnerKey = (line: string) => k('runner', line);
  const activeLines = k('active-lines');

  const read = async (id: number): Promise<RunRecord | null> => {
    const h = await redis.hgetall(rec(id));
    if (!h.line) return null;
    return {
      id,
      line: h.line,
      phase: (h.phase as RunRecord['phase']) ?? 'waiting',
      claimed: h.claimed === '1',
      run: h.run ? (JSON.parse(h.run) as CiRun) : null,
      startedAt: h.started_at ? Number(h.started_at) : null,
      progressAt: h.progress_at ? Number(h.progress_at) : null,
      polls: Number(h.polls ?? 0),
      lastStatus: h.last_status ?? null,
      pendingStatus: h.pending_status ?? null,
      cancel: h.cancel ? (JSON.parse(h.cancel) as RunRecord['cancel']) : null,
      ref: h.ref ?? '',
    };
  };
  const release = async (line: string, id: number) => {
    await redis.eval(RELEASE, 1, runnerKey(line), String(id));
  };

  return {
    read,
    async enter(id, line, ref) {
      await redis.eval(ENTER, 3, rec(id), lineKey(line), activeLines, line, ref, id, now(), LINE_TTL_S, MAX_LINES);
      return (await read(id))!;
    },
    async tryStart(id, line): Promise<Place> {
      const [started, who] = (await redis.eval(
        TRY_START,
        3,
        runnerKey(line),
        lineKey(line),
        rec(id),
        id,
        LINE_TTL_S,
      )) as [number, string];
      return started === 1 ? { started: true } : { started: false, ahead: Number(who) };
    },
    async runner(line) {
      const holder = await redis.get(runnerKey(line));
      return holder ? Number(holder) : null;
    },
    clearRunner: (line, id) => release(line, id),
    async claimTrigger(id) {
      return (await redis.hsetnx(rec(id), 'claimed', '1')) === 1;
    },
    async unclaimTrigger(id) {
      await redis.hdel(rec(id), 'claimed');
    },
    async saveRun(id, run, nowMs, keys) {
      const m = redis
        .multi()
        .hset(rec(id), { run: JSON.stringify(run), started_at: String(nowMs), progress_at: String(nowMs) });
      for (const runKey of keys) m.set(k('run', runKey), String(id), 'EX', LINE_TTL_S).getdel(k('news', runKey));
      const results = (await m.exec()) ?? [];
      return results.some(([, value], i) => i > 0 && i % 2 === 0 && value !== null);
    },
    async progress(id, nowMs) {
      await redis.multi().hset(rec(id), 'progress_at', String(nowMs)).hincrby(rec(id), 'polls', 1).exec();
    },
    async setLastStatus(id, status) {
      await redis.hset(rec(id), 'last_status', status);
    },
    async setPendingStatus(id, status) {
      await redis.hset(rec(id), 'pending_status', status);
    },
    async requestCancel(id, by) {
      await redis.hset(rec(id), 'cancel', JSON.stringify(by));
    },
    async deploymentOfRunOrNote(runKey) {
      const [, [, v] = [null, null]] = ((await redis
        .multi()
        .set(k('news', runKey), '1', 'EX', 600)
        .get(k('run', runKey))
        .exec()) ?? []) as Array<[unknown, string | null]>;
      return v ? Number(v) : null;
    },
    members: (line, limit = 1000) => redis.zrange(lineKey(line), 0, limit - 1).then((ids) => ids.map(Number)),
    async leaveLine(id, line) {
      await redis.zrem(lineKey(line), String(id));
    },
    async finish(id, line) {
      await redis
        .multi()
        .hset(rec(id), 'phase', 'done')
        .expire(rec(id), DONE_TTL_S)
        .zrem(lineKey(line), String(id))
        .expire(lineKey(line), LINE_TTL_S)
        .exec();
      await release(line, id);
    },
    lines: (limit) => redis.zrevrange(activeLines, 0, limit - 1),
    async addHistory(line, entry) {
      const args = [line, now(), LINE_TTL_S, MAX_LINES, JSON.stringify(entry), HISTORY_SIZE];
      await redis.eval(ADD_HISTORY, 2, k('history', line), activeLines, ...args);
    },
    history: async (line) =>
      (await redis.lrange(k('history', line), 0, HISTORY_SIZE - 1)).map((e) => JSON.parse(e) as HistoryEntry),
  };
}

/** Removes the unbounded set of every line ever seen (before lines expired): `active-lines` replaces it. */
export async function deleteLegacyLineSet(redis: Redis, prefix: string): Promise<void> {
  const legacy = key(prefix, 'lines');
  if ((await redis.type(legacy)) === 'set') await redis.del(legacy);
}
