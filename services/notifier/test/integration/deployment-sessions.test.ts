import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createMessageStore } from '@chatops/shared/runtime';
import { REDIS_URL, deleteKeysWithPrefix, testPrefix } from '@chatops/testkit';
import type { MessageState } from '../../src/deployments/message-state.js';
import { createDeploymentSessions } from '../../src/stores/deployment-sessions.js';
import { createKeyLock } from '../../src/stores/key-lock.js';
import { createMessageStateStore, lastSuccessShaKey } from '../../src/stores/message-state-store.js';

const redis = new Redis(REDIS_URL);
const prefixes: string[] = [];
const fresh = () => {
  const p = testPrefix('session');
  prefixes.push(p);
  return p;
};
afterEach(async () => {
  for (const p of prefixes.splice(0)) await deleteKeysWithPrefix(redis, p);
});
afterAll(() => redis.disconnect());

const messageState = (id: number, state = 'in_progress'): MessageState =>
  ({
    view: {
      deploymentId: id,
      repository: 'acme/api',
      app: 'api',
      environment: 'staging',
      ref: 'main',
      sha: 'a'.repeat(40),
      task: 'deploy',
      production: false,
      noop: false,
      forced: false,
      rollbackOf: null,
      requester: { githubLogin: 'octocat' },
      state,
      description: null,
      logUrl: null,
      environmentUrl: null,
      previousSha: null,
      timeline: { requested: '2026-01-01T00:00:00Z' },
    },
    resultReplied: false,
    productionNotified: false,
  }) as unknown as MessageState;

describe('deployment sessions', () => {
  it('reads what the stores wrote, and what it writes the stores read', async () => {
    const prefix = fresh();
    const messages = createMessageStore(redis, prefix);
    const states = createMessageStateStore(redis, prefix);
    await messages.set('deployment-7', { channel: 'C1', ts: '1.000100', state: 'queued' });
    await states.save(messageState(7, 'queued'));
    await redis.set(lastSuccessShaKey(prefix, 'ACME/api', 'staging'), 'b'.repeat(40));

    const session = (await createDeploymentSessions(redis, prefix).open(7, 'acme/api', 'staging'))!;
    expect(session.ref).toEqual({ channel: 'C1', ts: '1.000100', state: 'queued' });
    expect(session.state?.view.state).toBe('queued');
    expect(session.lastSuccessSha).toBe('b'.repeat(40));

    session.saveRef({ channel: 'C1', ts: '1.000100', state: 'success' });
    session.saveState(messageState(7, 'success'));
    session.setLastSuccessSha('acme/api', 'staging', 'c'.repeat(40));
    await session.release();
    expect(await messages.get('deployment-7')).toEqual({ channel: 'C1', ts: '1.000100', state: 'success' });
    expect((await states.get(7))?.view.state).toBe('success');
    expect(await redis.get(lastSuccessShaKey(prefix, 'acme/api', 'staging'))).toBe('c'.repeat(40));
  });

  it('holds the deployment against another session and the post-deploy KeyLock until released', async () => {
    const prefix = fresh();
    const sessions = createDeploymentSessions(redis, prefix);
    const first = (await sessions.open(8, 'acme/api', 'staging'))!;
    expect(first).not.toBeNull();
    expect(await sessions.open(8, 'acme/api', 'staging')).toBeNull();
    expect(await createKeyLock(redis, prefix).run('deployment-8', async () => 'ran')).toEqual({ acquired: false });
    // another deployment is not held
    expect(await sessions.open(9, 'acme/api', 'staging')).not.toBeNull();
    await first.release();
    expect(await createKeyLock(redis, prefix).run('deployment-8', async () => 'ran')).toEqual({
      acquired: true,
      value: 'ran',
    });
    // and the other way round: a KeyLock holder keeps a session out
    await createKeyLock(redis, prefix).run('deployment-8', async () => {
      expect(await sessions.open(8, 'acme/api', 'staging')).toBeNull();
    });
    expect(await sessions.open(8, 'acme/api', 'staging')).not.toBeNull();
  });

  it(
    'sends nothing until flush or release; ' + 'a flush keeps the lock, a release of a lock taken over deletes nothing',
    async () => {
      const prefix = fresh();
      const messages = createMessageStore(redis, prefix);
      const sessions = createDeploymentSessions(redis, prefix, 1000);
      const session = (await sessions.open(10, 'acme/api', 'staging'))!;
      session.saveRef({ channel: 'C2', ts: '2.000200' });
      expect(await messages.get('deployment-10')).toBeNull();
      await session.flush();
      expect(await messages.get('deployment-10')).toEqual({ channel: 'C2', ts: '2.000200' });
      expect(await sessions.open(10, 'acme/api', 'staging')).toBeNull();
      // The lock expired and someone else took it: this release must not free theirs.
      await redis.del(`${prefix}:notifier:lock:deployment-10`);
      const other = (await sessions.open(10, 'acme/api', 'staging'))!;
      await session.release();
      expect(await sessions.open(10, 'acme/api', 'staging')).toBeNull();
      await other.release();
      expect(await sessions.open(10, 'acme/api', 'staging')).not.toBeNull();
    },
  );

  it('takes the lock and reads in one round trip, and writes and releases in one more', async () => {
    const prefix = fresh();
    const client = new Redis(REDIS_URL);
    try {
      await client.ping();
      const sessions = createDeploymentSessions(client, prefix);
      await client.get(`${prefix}:warm-up`); // connected; count from here
      const sent = countWrites(client);
      const session = (await sessions.open(11, 'acme/api', 'staging'))!;
      expect(sent()).toBe(1);
      session.saveRef({ channel: 'C3', ts: '3.000300' });
      session.saveState(messageState(11));
      expect(sent()).toBe(1);
      await session.release();
      expect(sent()).toBe(2);
      expect(await createMessageStore(redis, prefix).get('deployment-11')).toEqual({ channel: 'C3', ts: '3.000300' });
      expect(await sessions.open(11, 'acme/api', 'staging')).not.toBeNull();
    } finally {
      client.disconnect();
    }
  });
});

/** How many socket writes a connection makes from now on (a pipeline is one write). */
function countWrites(client: Redis): () => number {
  const stream = (client as unknown as { stream: { write: (...a: unknown[]) => boolean } }).stream;
  let writes = 0;
  const write = stream.write.bind(stream);
  stream.write = (...a: unknown[]) => {
    writes += 1;
    return write(...a);
  };
  return () => writes;
}
