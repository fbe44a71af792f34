import { randomUUID } from 'node:crypto';
import { jobId, parseMessageRef } from '@chatops/shared/contracts';
import { MESSAGE_TTL_SECONDS, RELEASE_IF_OWNER_LUA, messageStoreKey, redisKey } from '@chatops/shared/runtime';
import type { Redis } from 'ioredis';
import { parseMessageState } from '../deployments/message-state.js';
import type { DeploymentSessions } from '../ports.js';
import { keyLockKey } from './key-lock.js';

/** A deployment's `MessageState` (30 days). */
export const messageStateKey = (prefix: string, id: number) => redisKey(prefix, 'notifier', 'message-state', id);
/**
 * Where notifiers before the rename kept the `MessageState`: read when the new key is absent, so a
 * deployment in flight during an upgrade keeps its message; never written. Unused once 30 days (its
 * TTL) have passed since the upgrade: remove it then.
 */
export const legacyMessageStateKey = (prefix: string, id: number) => redisKey(prefix, 'notifier', 'deployment', id);
/** The sha last deployed with success to a repository + environment: the next deployment's compare base. */
export const lastSuccessShaKey = (prefix: string, repo: string, env: string) =>
  redisKey(prefix, 'notifier', 'last-sha', repo.toLowerCase(), env);
const MESSAGE_STATE_TTL_SECONDS = 30 * 24 * 3600;
const LAST_SHA_TTL_SECONDS = 365 * 24 * 3600;

/**
 * KEYS: the lock, the state, its legacy key, the message ref, then (optional) the compare base;
 * ARGV: token, lock ms. Takes the lock (SET NX PX) and, only if taken, reads the rest.
 */
const OPEN_LUA = `if not redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return {0} end
local state = redis.call('get', KEYS[2])
if not state then state = redis.call('get', KEYS[3]) end
local sha = false
if KEYS[5] then sha = redis.call('get', KEYS[5]) end
return {1, state, redis.call('get', KEYS[4]), sha}`;

/**
 * KEYS: the lock, then the keys to set; ARGV: token, release (1/0), then value and EX seconds per key.
 * Writes only while the token still holds the lock (-1 otherwise: the session outlived its lock and
 * another job may hold the deployment now); a release with nothing to write frees only its own lock.
 */
const WRITE_LUA = `if #KEYS > 1 and redis.call('get', KEYS[1]) ~= ARGV[1] then return -1 end
for i = 2, #KEYS do
  redis.call('set', KEYS[i], ARGV[2 * i - 1], 'EX', ARGV[2 * i])
end
if ARGV[2] ~= '1' then return 1 end
${RELEASE_IF_OWNER_LUA}`;

type SessionRedis = Redis & {
  chatopsNotifierOpen(
    numberOfKeys: number,
    ...keysAndArgs: Array<string | number>
  ): Promise<[number, string | null, string | null, string | null]>;
  chatopsNotifierWrite(numberOfKeys: number, ...keysAndArgs: Array<string | number>): Promise<number>;
};

/**
 * One deployment held by one job: the lock (the same key as KeyLock's `deployment-<id>`) and what
 * Redis knew when it was taken. The only way to a deployment's `MessageState`: the status worker and
 * the post-deploy probe both open a session, so they never write it at once. Writes are queued and
 * sent together by `flush` or by `release` (writes first, then the release, in one script), so a
 * status costs two or three Redis commands instead of eight to eleven.
 *
 * One script call to open, one to write and release (EVALSHA: the scripts are sent once per
 * connection). Scripts rather than pipelines: an ioredis pipeline on a connection BullMQ shares
 * copies BullMQ's ~50 script commands onto every pipeline object it makes.
 */
export function createDeploymentSessions(redis: Redis, prefix: string, lockTtlMs = 60_000): DeploymentSessions {
  const r = redis as SessionRedis;
  if (!('chatopsNotifierOpen' in redis)) redis.defineCommand('chatopsNotifierOpen', { lua: OPEN_LUA });
  if (!('chatopsNotifierWrite' in redis)) redis.defineCommand('chatopsNotifierWrite', { lua: WRITE_LUA });
  return {
    async open(id, line) {
      const key = jobId('deployment', id);
      const lockKey = keyLockKey(prefix, key);
      const token = randomUUID();
      const reads = [messageStateKey(prefix, id), legacyMessageStateKey(prefix, id), messageStoreKey(prefix, key)];
      if (line) reads.push(lastSuccessShaKey(prefix, line.repository, line.environment));
      // The reads run after the lock is taken, so they see every write of the previous holder (it
      // writes before it releases).
      const [taken, state, ref, sha] = await r.chatopsNotifierOpen(
        reads.length + 1,
        lockKey,
        ...reads,
        token,
        lockTtlMs,
      );
      if (taken !== 1) return null;
      // Later writes of the same key replace earlier queued ones (only the last value matters).
      const queued = new Map<string, [string, number]>();
      const send = async (release: boolean) => {
        if (queued.size === 0 && !release) return;
        const keys = [lockKey, ...queued.keys()];
        const args: Array<string | number> = [token, release ? 1 : 0];
        for (const [value, ex] of queued.values()) args.push(value, ex);
        queued.clear();
        if ((await r.chatopsNotifierWrite(keys.length, ...keys, ...args)) === -1)
          throw new Error(
            `the session of deployment ${id} outlived its lock; nothing was written (the job runs again)`,
          );
      };
      return {
        state: parseMessageState(state),
        ref: parseMessageRef(ref),
        lastSuccessSha: sha ?? null,
        saveState(next) {
          queued.set(messageStateKey(prefix, next.view.deploymentId), [
            JSON.stringify(next),
            MESSAGE_STATE_TTL_SECONDS,
          ]);
        },
        saveRef(stored) {
          queued.set(messageStoreKey(prefix, key), [JSON.stringify(stored), MESSAGE_TTL_SECONDS]);
        },
        setLastSuccessSha(repo, env, s) {
          queued.set(lastSuccessShaKey(prefix, repo, env), [s, LAST_SHA_TTL_SECONDS]);
        },
        flush: () => send(false),
        release: () => send(true),
      };
    },
  };
}
