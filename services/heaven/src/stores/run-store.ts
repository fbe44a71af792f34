import { RELEASE_IF_OWNER_LUA, type Redis, redisKey, waitForReplicas } from '@chatops/shared/runtime';
import type { CiRun, HistoryEntry, Place, RunRecord, RunStore } from '../ports.js';
import { ADD_HISTORY, ENTER, TRY_START } from './run-store-scripts.js';

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

/**
 * Runs and lines in Redis. The line is a sorted set of deployment ids (GitHub ids grow with time, so
 * it is creation order); the runner key holds the one deployment of the line that runs.
 */
export function createRunStore(redis: Redis, prefix: string, now: () => number = Date.now): RunStore {
  const k = (...parts: Array<string | number>) => redisKey(prefix, 'heaven', ...parts);
  const rec = (id: number) => k('deployment', id);
  const lineKey = (line: string) => k('line', line);
  const runnerKey = (line: string) => k('runner', line);
  const activeLines = k('active-lines');

  const read = async (id: number): Promise<RunRecord | null> => toRunRecord(id, await redis.hgetall(rec(id)));
  const release = async (line: string, id: number) => {
    await redis.eval(RELEASE_IF_OWNER_LUA, 1, runnerKey(line), String(id));
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
      if ((await redis.hsetnx(rec(id), 'claimed', '1')) !== 1) return false;
      // A claim a failover forgot would let the next look trigger the CI a second time: with
      // `replica_acks`, it counts only once the replicas hold it (else it is given back, and the job retried).
      try {
        await waitForReplicas(redis);
      } catch (e) {
        await redis.hdel(rec(id), 'claimed').catch(() => undefined);
        throw e;
      }
      return true;
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
  const legacy = redisKey(prefix, 'heaven', 'lines');
  if ((await redis.type(legacy)) === 'set') await redis.del(legacy);
}

/** A run record from its Redis hash; null when there is none (no line). */
function toRunRecord(id: number, h: Record<string, string>): RunRecord | null {
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
}
