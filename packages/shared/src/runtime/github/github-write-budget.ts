import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { ExternalApiError } from '../../contracts/errors.js';
import { redisKey } from '../redis/redis-keys.js';
import type { GitHubCredentials } from './create-github-client.js';

/** GitHub's documented secondary limits on content-creating requests, per identity. */
export const GITHUB_WRITES_PER_MINUTE = 80;
export const GITHUB_WRITES_PER_HOUR = 500;

export type GitHubWriteBudgetOptions = {
  redis: Redis;
  /** The queue prefix (`{chatops}`): the budget's keys live under it, in its hash slot. */
  prefix: string;
  /** Whose budget: `githubIdentity(credentials)` (a hash of the token, or the App's installation). */
  identity: string;
  /** Least time between two writes of this identity, across every process (GitHub asks for 1000 ms). */
  intervalMs: number;
  /** Writes allowed in any 60 s (0: no ceiling). */
  perMinute: number;
  /** Writes allowed in any hour (0: no ceiling). */
  perHour: number;
  /**
   * The longest a write waits for its slot in place; a longer wait fails the call at once with a
   * retryable error whose `retryAfterMs` is the wait, so the job runs again then, its worker free.
   */
  maxWaitMs: number;
  /**
   * The longest one write counts as in flight (default 15 s, past the client's 10 s timeout): a
   * process that died in the middle of a write holds the others that long at most.
   */
  leaseMs?: number;
  /**
   * The longest the budget waits for Redis to answer (default 5 s). The services' worker connections
   * queue commands while Redis is away; past this a write is not sent (never unpaced) and the call
   * fails retryably, so no job hangs on the budget for the length of an outage.
   */
  redisTimeoutMs?: number;
  /** Tests: a clock of their own (ms); by default the time is Redis's own, one clock for every process. */
  now?: () => number;
};

/**
 * One GitHub write budget, shared by every process and replica of chatops through Redis (GitHub
 * counts its secondary limits per identity, not per process).
 */
export type GitHubWriteBudget = {
  /**
   * Waits for this write's turn: one at a time, starts `intervalMs` apart, within the minute's and
   * the hour's ceilings and after any pause. Throws a retryable `ExternalApiError` (its `retryAfterMs`
   * the wait) when the turn is more than `maxWaitMs` away. Release the turn when GitHub answered.
   */
  reserve(): Promise<GitHubWriteTurn>;
  /** GitHub asked to wait (a Retry-After, a secondary limit): no write of this identity before `ms` from now. */
  pause(ms: number): Promise<void>;
};

/** A write's turn: how long it waited, and its end (the next write may start once the interval has passed). */
export type GitHubWriteTurn = { waitedMs: number; release(): Promise<void> };

/** The scripts' `now` (ms): ARGV[1], or Redis's own TIME when it is ''. */
const NOW_LUA = `
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end`;

/**
 * The slot reservation, atomic: the next write's time is the latest of now, the previous slot plus
 * the interval, the pause's end, and (when a ceiling is full) the time the oldest write of the window
 * leaves it. The slot is taken (a member of the sorted set of slots, the next time moved on) only when
 * it is within the longest wait. The slot is no lock: the start (BEGIN_LUA) marks the write in flight.
 * KEYS: state hash (next, pause), slots sorted set. ARGV: now ('' = Redis TIME), interval, per minute,
 * per hour, max wait, member. Returns {1 | 0 (refused), wait ms}.
 */
const RESERVE_LUA = `${NOW_LUA}
local interval, perMinute, perHour, maxWait = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
-- The slots are kept as long as the longest ceiling counts them (none without a ceiling).
local window = 0
if perMinute > 0 then window = 60000 end
if perHour > 0 then window = 3600000 end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
local at = now
local next = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
local pause = tonumber(redis.call('HGET', KEYS[1], 'pause') or '0')
if next > at then at = next end
if pause > at then at = pause end
local function ceiling(limit, window)
  if limit <= 0 then return end
  local nth = redis.call('ZREVRANGE', KEYS[2], limit - 1, limit - 1, 'WITHSCORES')
  if nth[2] then
    local free = tonumber(nth[2]) + window
    if free > at then at = free end
  end
end
ceiling(perMinute, 60000)
ceiling(perHour, 3600000)
local wait = at - now
if wait > maxWait then return {0, wait} end
redis.call('HSET', KEYS[1], 'next', at + interval)
local ttl = wait + window + interval + 60000
redis.call('PEXPIRE', KEYS[1], ttl)
if window > 0 then
  redis.call('ZADD', KEYS[2], at, ARGV[6])
  redis.call('PEXPIRE', KEYS[2], ttl)
end
return {1, wait}
`;

/** KEYS: state hash. ARGV: now ('' = Redis TIME), pause ms. The later of two pauses stays. */
const PAUSE_LUA = `${NOW_LUA}
local untilMs = now + tonumber(ARGV[2])
local pause = tonumber(redis.call('HGET', KEYS[1], 'pause') or '0')
if untilMs > pause then redis.call('HSET', KEYS[1], 'pause', untilMs) end
local ttl = redis.call('PTTL', KEYS[1])
local keep = untilMs - now + 3600000
if ttl < keep then redis.call('PEXPIRE', KEYS[1], keep) end
return 1
`;

/**
 * A write starts (after its slot's time): only when no pause holds, no other write of the identity
 * is in flight (unless its lease ran out) and the interval has passed since the last start, so GitHub
 * never sees two at once even when a process sent late (a stall, a slow network). Its slot moves to
 * the real start, which the ceilings count. KEYS: state hash, slots. ARGV: now, member, interval,
 * lease. Returns {0, 0} (started), or {1 (another in flight) | 2 (the interval) | 3 (paused), ms left}.
 */
const BEGIN_LUA = `${NOW_LUA}
local pause = tonumber(redis.call('HGET', KEYS[1], 'pause') or '0')
if pause > now then return {3, pause - now} end
local busy = redis.call('HGET', KEYS[1], 'busy')
local busyUntil = tonumber(redis.call('HGET', KEYS[1], 'busy_until') or '0')
if busy and busy ~= ARGV[2] and busyUntil > now then return {1, busyUntil - now} end
local free = tonumber(redis.call('HGET', KEYS[1], 'started') or '0') + tonumber(ARGV[3])
if free > now then return {2, free - now} end
redis.call('HSET', KEYS[1], 'busy', ARGV[2], 'busy_until', now + tonumber(ARGV[4]), 'started', now)
redis.call('ZADD', KEYS[2], 'XX', now, ARGV[2])
local next = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
if now + tonumber(ARGV[3]) > next then redis.call('HSET', KEYS[1], 'next', now + tonumber(ARGV[3])) end
return {0, 0}
`;

/** The write answered: it is no longer in flight. KEYS: state hash. ARGV: member. */
const END_LUA = `
if redis.call('HGET', KEYS[1], 'busy') == ARGV[1] then redis.call('HDEL', KEYS[1], 'busy', 'busy_until') end
return 1
`;

/** How often a write whose slot came looks again while another is in flight: a quarter interval, 5 to 250 ms. */
const lookAgainMs = (intervalMs: number, remainingMs: number) =>
  Math.max(1, Math.min(remainingMs, Math.max(5, Math.min(250, intervalMs / 4))));

type ScriptHost = Redis & {
  githubWriteReserve(state: string, slots: string, ...argv: string[]): Promise<[number, number]>;
  githubWritePause(state: string, ...argv: string[]): Promise<number>;
  githubWriteBegin(state: string, slots: string, ...argv: string[]): Promise<[number, number]>;
  githubWriteEnd(state: string, member: string): Promise<number>;
};

/**
 * The identity a budget is kept for, never a secret: a token's SHA-256 (its first 32 hex digits), or
 * the GitHub App's installation id.
 */
export function githubIdentity(credentials: GitHubCredentials): string {
  if ('token' in credentials) {
    return `token-${createHash('sha256').update(credentials.token).digest('hex').slice(0, 32)}`;
  }
  return `installation-${credentials.installationId}`;
}

function noSlot(waitMs: number): ExternalApiError {
  return new ExternalApiError(
    'github',
    `GitHub's write budget has no slot for ${Math.ceil(waitMs / 1000)} s (GITHUB_WRITE_INTERVAL_MS, ` +
      'GITHUB_WRITES_PER_MINUTE, GITHUB_WRITES_PER_HOUR or a pause GitHub asked for): trying again then',
    { retryable: true, retryAfterMs: waitMs },
  );
}

function noRedis(ms: number): ExternalApiError {
  return new ExternalApiError(
    'github',
    `GitHub's write budget: Redis did not answer in ${Math.ceil(ms / 1000)} s; ` +
      'the write is not sent (tried again later)',
    { retryable: true },
  );
}

/** `call`, or the retryable `noRedis` error once `ms` passed without its answer. */
async function withinMs<T>(call: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(noRedis(ms)), ms);
  });
  try {
    return await Promise.race([call, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function createGitHubWriteBudget(options: GitHubWriteBudgetOptions): GitHubWriteBudget {
  const { redis, intervalMs, perMinute, perHour, maxWaitMs } = options;
  const host = redis as ScriptHost;
  if (!host.githubWriteReserve) {
    redis.defineCommand('githubWriteReserve', { numberOfKeys: 2, lua: RESERVE_LUA });
    redis.defineCommand('githubWritePause', { numberOfKeys: 1, lua: PAUSE_LUA });
    redis.defineCommand('githubWriteBegin', { numberOfKeys: 2, lua: BEGIN_LUA });
    redis.defineCommand('githubWriteEnd', { numberOfKeys: 1, lua: END_LUA });
  }
  const state = redisKey(options.prefix, 'github', 'write-budget', options.identity);
  const slots = `${state}:slots`;
  const now = () => (options.now ? String(options.now()) : '');
  const lease = String(options.leaseMs ?? 15_000);
  const redisMs = options.redisTimeoutMs ?? 5_000;
  // A command the timeout gave up on still runs when Redis answers again (the connection queued it):
  // a start is then ended at once (the END after it in the same queue), so it holds no one.
  const begin = async (member: string) => {
    const args = [now(), member, String(intervalMs), lease];
    try {
      return (await withinMs(host.githubWriteBegin(state, slots, ...args), redisMs)).map(Number) as [number, number];
    } catch (e) {
      void host.githubWriteEnd(state, member).catch(() => undefined);
      void host.zrem(slots, member).catch(() => undefined);
      throw e;
    }
  };
  return {
    async reserve() {
      const member = randomBytes(8).toString('hex');
      const args = [now(), intervalMs, perMinute, perHour, maxWaitMs, member].map(String);
      const reserved = await withinMs(host.githubWriteReserve(state, slots, ...args), redisMs).catch((e) => {
        void host.zrem(slots, member).catch(() => undefined);
        throw e;
      });
      const [taken, wait] = reserved.map(Number) as [number, number];
      if (!taken) throw noSlot(wait);
      let waitedMs = wait;
      if (wait > 0) await sleep(wait);
      // Timed by the clock, not by the sleeps asked for: on a busy host each sleep runs late.
      const beginFrom = performance.now();
      let slept = false;
      for (; ; slept = true) {
        const [why, left] = await begin(member);
        if (why === 0) break;
        // Another write in flight: look again soon; a pause or the interval: wait it out.
        const step = why === 1 ? lookAgainMs(intervalMs, left) : left;
        if (performance.now() - beginFrom + step > maxWaitMs) {
          await withinMs(host.zrem(slots, member), redisMs);
          throw noSlot(why === 1 ? Math.max(intervalMs, 1000) : left);
        }
        await sleep(step);
      }
      if (slept) waitedMs += Math.round(performance.now() - beginFrom);
      return {
        waitedMs,
        // Bounded too: GitHub's answer is never held for Redis (the lease frees the turn then).
        release: async () => {
          await withinMs(host.githubWriteEnd(state, member), redisMs);
        },
      };
    },
    async pause(ms) {
      await withinMs(host.githubWritePause(state, now(), String(Math.max(1, Math.ceil(ms)))), redisMs);
    },
  };
}
