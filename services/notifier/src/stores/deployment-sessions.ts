import { randomUUID } from 'node:crypto';
import { jobId, parseMessageRef } from '@chatops/shared/contracts';
import { MESSAGE_TTL_SECONDS, messageStoreKey } from '@chatops/shared/runtime';
import type { Redis } from 'ioredis';
import type { DeploymentSessions } from '../ports.js';
import { keyLockKey } from './key-lock.js';
import {
  LAST_SHA_TTL_SECONDS,
  MESSAGE_STATE_TTL_SECONDS,
  lastSuccessShaKey,
  messageStateKey,
  parseMessageState,
} from './message-state-store.js';

/** Takes the lock (SET NX PX) and, only if taken, reads the message state, its ref and the compare base. */
const OPEN_LUA = `if redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then
  return {1, redis.call('get', KEYS[2]), redis.call('get', KEYS[3]), redis.call('get', KEYS[4])}
end
return {0}`;

/** KEYS: the lock, then the keys to set; ARGV: token, release (1/0), then value and EX seconds per key. */
const WRITE_LUA = `for i = 2, #KEYS do
  redis.call('set', KEYS[i], ARGV[2 * i - 1], 'EX', ARGV[2 * i])
end
if ARGV[2] == '1' and redis.call('get', KEYS[1]) == ARGV[1] then redis.call('del', KEYS[1]) end
return 1`;

type SessionRedis = Redis & {
  chatopsNotifierOpen(
    lock: string,
    state: string,
    ref: string,
    sha: string,
    token: string,
    ttlMs: number,
  ): Promise<[number, string | null, string | null, string | null]>;
  chatopsNotifierWrite(numberOfKeys: number, ...keysAndArgs: Array<string | number>): Promise<number>;
};

/**
 * One deployment held by one job: the lock (the same key as KeyLock's `deployment-<id>`, so the
 * post-deploy probe and a status never run at once) and what Redis knew when it was taken. Writes
 * are queued and sent together by `flush` or by `release` (writes first, then the release, in one
 * script), so a status costs two or three Redis commands instead of eight to eleven.
 *
 * One script call to open, one to write and release (EVALSHA: the scripts are sent once per
 * connection). Scripts rather than pipelines: an ioredis pipeline on a connection BullMQ shares
 * copies BullMQ's ~50 script commands onto every pipeline object it makes.
 */
export function createDeploymentSessions(redis: Redis, prefix: string, lockTtlMs = 60_000): DeploymentSessions {
  const r = redis as SessionRedis;
  if (!('chatopsNotifierOpen' in redis)) redis.defineCommand('chatopsNotifierOpen', { numberOfKeys: 4, lua: OPEN_LUA });
  if (!('chatopsNotifierWrite' in redis)) redis.defineCommand('chatopsNotifierWrite', { lua: WRITE_LUA });
  return {
    async open(id, repository, environment) {
      const key = jobId('deployment', id);
      const lockKey = keyLockKey(prefix, key);
      const token = randomUUID();
      // The reads run after the lock is taken, so they see every write of the previous holder (it
      // writes before it releases).
      const [taken, state, ref, sha] = await r.chatopsNotifierOpen(
        lockKey,
        messageStateKey(prefix, id),
        messageStoreKey(prefix, key),
        lastSuccessShaKey(prefix, repository, environment),
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
        await r.chatopsNotifierWrite(keys.length, ...keys, ...args);
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
