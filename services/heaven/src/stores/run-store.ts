import type { Redis } from 'ioredis';
import type { RunRef } from '../ports.js';

export type DeploymentRecord = {
  id: number;
  line: string;
  phase: 'waiting' | 'running' | 'done';
  claimed: boolean;
  run: RunRef | null;
  startedAt: number | null;
  progressAt: number | null;
  polls: number;
  lastStatus: string | null;
  /** A status about to be posted: if it differs from lastStatus, a crash may have cut the post short. */
  pendingStatus: string | null;
  cancel: { slack_user_id: string; name: string } | null;
  ref: string;
};

const DONE_TTL_S = 14 * 24 * 3600;

/** One finished deployment as the dashboard shows it. */
export type HistoryEntry = {
  id: number;
  ref: string;
  outcome: string;
  description: string;
  logUrl: string | null;
  finishedAt: number;
  requester: string | null;
};
const HISTORY_SIZE = 20;

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
/**
 * Joins the line in one step: the record, its phase and its place in the line are written together
 * (a heaven killed halfway through used to leave a record outside the line, waiting forever). A
 * record that already has a phase (waiting, running, done) is left as it is.
 * KEYS: record, line, lines; ARGV: line, ref, id.
 */
const ENTER = `
if redis.call('hget', KEYS[1], 'phase') then return 0 end
redis.call('hset', KEYS[1], 'line', ARGV[1], 'phase', 'waiting', 'ref', ARGV[2])
redis.call('zadd', KEYS[2], 'NX', ARGV[3], ARGV[3])
redis.call('sadd', KEYS[3], ARGV[1])
return 1`;

/**
 * Per-deployment state and the per-environment line, in Redis. The line is a sorted set of
 * deployment ids (GitHub ids grow with time, so it is creation order); the runner key holds the one
 * deployment of the line that runs.
 */
export function createDeploymentStore(redis: Redis, prefix: string) {
  const k = (...parts: Array<string | number>) => `${prefix}:heaven:${parts.join(':')}`;
  const rec = (id: number) => k('deployment', id);
  const lineKey = (line: string) => k('line', line);
  const runnerKey = (line: string) => k('runner', line);

  const read = async (id: number): Promise<DeploymentRecord | null> => {
    const h = await redis.hgetall(rec(id));
    if (!h.line) return null;
    return {
      id,
      line: h.line,
      phase: (h.phase as DeploymentRecord['phase']) ?? 'waiting',
      claimed: h.claimed === '1',
      run: h.run ? (JSON.parse(h.run) as RunRef) : null,
      startedAt: h.started_at ? Number(h.started_at) : null,
      progressAt: h.progress_at ? Number(h.progress_at) : null,
      polls: Number(h.polls ?? 0),
      lastStatus: h.last_status ?? null,
      pendingStatus: h.pending_status ?? null,
      cancel: h.cancel ? (JSON.parse(h.cancel) as DeploymentRecord['cancel']) : null,
      ref: h.ref ?? '',
    };
  };

  return {
    read,
    /** Creates the record and joins the line, once. */
    async enter(id: number, line: string, ref: string): Promise<DeploymentRecord> {
      await redis.eval(ENTER, 3, rec(id), lineKey(line), k('lines'), line, ref, String(id));
      return (await read(id))!;
    },
    /** True when this deployment may run now: it holds the runner key, or is first in line and takes it. */
    async tryStart(id: number, line: string): Promise<{ started: true } | { started: false; ahead: number }> {
      const holder = await redis.get(runnerKey(line));
      if (holder === String(id)) return { started: true };
      if (holder) return { started: false, ahead: Number(holder) };
      const [first] = await redis.zrange(lineKey(line), 0, 0);
      if (first !== String(id)) return { started: false, ahead: Number(first ?? 0) };
      const ok = await redis.set(runnerKey(line), String(id), 'NX');
      if (ok === 'OK') {
        await redis.hset(rec(id), 'phase', 'running');
        return { started: true };
      }
      return { started: false, ahead: Number(await redis.get(runnerKey(line))) };
    },
    runner: (line: string) => redis.get(runnerKey(line)),
    /** Frees the runner key held by a deployment that is gone (watchdog). */
    clearRunner: (line: string, id: number) => redis.eval(RELEASE, 1, runnerKey(line), String(id)),
    /** The trigger claim: true once per deployment, ever. */
    async claimTrigger(id: number): Promise<boolean> {
      return (await redis.hsetnx(rec(id), 'claimed', '1')) === 1;
    },
    /** Gives the claim back when the CI said for sure it did not start anything (a 5xx or 429 answer). */
    unclaimTrigger: (id: number) => redis.hdel(rec(id), 'claimed'),
    /**
     * Records the CI run and which deployment each of its keys belongs to. True when news of the run
     * (a CI webhook) came before this record, and was noted by `deploymentOfRunOrNote`: the caller
     * looks again at once instead of sleeping a poll interval.
     */
    async saveRun(id: number, run: RunRef, nowMs: number, keys: string[]): Promise<boolean> {
      const m = redis
        .multi()
        .hset(rec(id), { run: JSON.stringify(run), started_at: String(nowMs), progress_at: String(nowMs) });
      for (const key of keys) m.set(k('run', key), String(id), 'EX', 30 * 24 * 3600).getdel(k('news', key));
      const results = (await m.exec()) ?? [];
      return results.some(([, value], i) => i > 0 && i % 2 === 0 && value !== null);
    },
    updateRun: (id: number, run: RunRef) => redis.hset(rec(id), 'run', JSON.stringify(run)),
    progress: (id: number, nowMs: number) =>
      redis.multi().hset(rec(id), 'progress_at', String(nowMs)).hincrby(rec(id), 'polls', 1).exec(),
    setLastStatus: (id: number, s: string) => redis.hset(rec(id), 'last_status', s),
    setPendingStatus: (id: number, s: string) => redis.hset(rec(id), 'pending_status', s),
    requestCancel: (id: number, by: { slack_user_id: string; name: string }) =>
      redis.hset(rec(id), 'cancel', JSON.stringify(by)),
    /**
     * The deployment a CI run belongs to (pipeline id, Actions run id), asked on news of the run (a
     * CI webhook); the news is also noted, in the same transaction, so
     * that a run whose record is not saved yet (the webhook beat heaven's own record of the trigger)
     * is looked at as soon as `saveRun` records it. One of the two always sees the other's write.
     */
    async deploymentOfRunOrNote(key: string): Promise<number | null> {
      const [, [, v] = [null, null]] = ((await redis
        .multi()
        .set(k('news', key), '1', 'EX', 600)
        .get(k('run', key))
        .exec()) ?? []) as Array<[unknown, string | null]>;
      return v ? Number(v) : null;
    },
    members: (line: string) => redis.zrange(lineKey(line), 0, -1).then((ids) => ids.map(Number)),
    leaveLine: (id: number, line: string) => redis.zrem(lineKey(line), String(id)),
    /** Ends the deployment's stay: done, out of the line, runner key freed. */
    async finish(id: number, line: string): Promise<void> {
      await redis
        .multi()
        .hset(rec(id), 'phase', 'done')
        .expire(rec(id), DONE_TTL_S)
        .zrem(lineKey(line), String(id))
        .exec();
      await redis.eval(RELEASE, 1, runnerKey(line), String(id));
    },
    /** SET NX with a TTL: true the first time only (webhook deliveries, auto-deploys). */
    async once(kind: string, id: string, ttlS: number): Promise<boolean> {
      return (await redis.set(k(kind, id), '1', 'EX', ttlS, 'NX')) === 'OK';
    },
    forget: (kind: string, id: string) => redis.del(k(kind, id)),
    /** The key `once` sets for a kind and id (for a caller that sets it in its own pipeline). */
    key: (kind: string, id: string) => k(kind, id),
    /** Every line that ever had a deployment (the dashboard lists them). */
    lines: () => redis.smembers(k('lines')),
    /** The last finished deployments of a line, newest first (kept: HISTORY_SIZE). */
    async addHistory(line: string, entry: HistoryEntry): Promise<void> {
      await redis
        .multi()
        .lpush(k('history', line), JSON.stringify(entry))
        .ltrim(k('history', line), 0, HISTORY_SIZE - 1)
        .exec();
    },
    history: async (line: string): Promise<HistoryEntry[]> =>
      (await redis.lrange(k('history', line), 0, HISTORY_SIZE - 1)).map((e) => JSON.parse(e) as HistoryEntry),
  };
}

export type DeploymentStore = ReturnType<typeof createDeploymentStore>;
