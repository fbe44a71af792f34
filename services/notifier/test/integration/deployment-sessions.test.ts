import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createMessageStore } from '@chatops/shared/runtime';
import { REDIS_URL, deleteKeysWithPrefix, testPrefix } from '@chatops/testkit';
import { parseMessageState, type MessageState } from '../../src/deployments/message-state.js';
import {
  createDeploymentSessions,
  lastSuccessShaKey,
  legacyMessageStateKey,
  messageStateKey,
} from '../../src/stores/deployment-sessions.js';

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

const line = { repository: 'acme/api', environment: 'staging' };

describe('deployment sessions', () => {
  it('reads what the stores wrote, and what it writes the stores read', async () => {
    const prefix = fresh();
    const messages = createMessageStore(redis, prefix);
    await messages.set('deployment-7', { channel: 'C1', ts: '1.000100', state: 'queued' });
    await redis.set(messageStateKey(prefix, 7), JSON.stringify(messageState(7, 'queued')));
    await redis.set(lastSuccessShaKey(prefix, 'ACME/api', 'staging'), 'b'.repeat(40));

    const session = (await createDeploymentSessions(redis, prefix).open(7, line))!;
    expect(session.ref).toEqual({ channel: 'C1', ts: '1.000100', state: 'queued' });
    expect(session.state?.view.state).toBe('queued');
    expect(session.lastSuccessSha).toBe('b'.repeat(40));

    session.saveRef({ channel: 'C1', ts: '1.000100', state: 'success' });
    session.saveState(messageState(7, 'success'));
    session.setLastSuccessSha('acme/api', 'staging', 'c'.repeat(40));
    await session.release();
    expect(await messages.get('deployment-7')).toEqual({ channel: 'C1', ts: '1.000100', state: 'success' });
    expect(parseMessageState(await redis.get(messageStateKey(prefix, 7)))?.view.state).toBe('success');
    expect(await redis.ttl(messageStateKey(prefix, 7))).toBeGreaterThan(29 * 24 * 3600);
    expect(await redis.get(lastSuccessShaKey(prefix, 'acme/api', 'staging'))).toBe('c'.repeat(40));
  });

  it('holds the deployment against another session until released', async () => {
    const prefix = fresh();
    const sessions = createDeploymentSessions(redis, prefix);
    const first = (await sessions.open(8, line))!;
    expect(first).not.toBeNull();
    // the status worker opens with the line, the post-deploy probe without: one lock all the same
    expect(await sessions.open(8)).toBeNull();
    expect(await sessions.open(8, line)).toBeNull();
    // another deployment is not held
    expect(await sessions.open(9)).not.toBeNull();
    await first.release();
    expect(await sessions.open(8)).not.toBeNull();
  });

  it('writes nothing once its lock has expired and another session holds the deployment', async () => {
    const prefix = fresh();
    const sessions = createDeploymentSessions(redis, prefix, 50);
    const late = (await sessions.open(8, line))!;
    await new Promise((resolve) => setTimeout(resolve, 80));
    const next = (await sessions.open(8, line))!;
    next.saveState(messageState(8, 'success'));
    await next.flush();
    late.saveState(messageState(8, 'in_progress'));
    await expect(late.release()).rejects.toThrow(
      'the session of deployment 8 outlived its lock; nothing was written (the job runs again)',
    );
    expect(parseMessageState(await redis.get(messageStateKey(prefix, 8)))?.view.state).toBe('success');
    // the late release did not free the lock of the session that holds it now
    expect(await sessions.open(8)).toBeNull();
    await next.release();
  });

  it('reads a state kept under the key of before the rename, and writes it under the new one', async () => {
    const prefix = fresh();
    // a deployment in flight during the upgrade: an older notifier kept its state under the old key
    await redis.set(legacyMessageStateKey(prefix, 12), JSON.stringify(messageState(12, 'in_progress')), 'EX', 3600);
    expect(legacyMessageStateKey(prefix, 12)).toBe(`${prefix}:notifier:deployment:12`);
    expect(messageStateKey(prefix, 12)).toBe(`${prefix}:notifier:message-state:12`);
    const sessions = createDeploymentSessions(redis, prefix);
    const session = (await sessions.open(12))!;
    expect(session.state?.view.state).toBe('in_progress');
    session.saveState(messageState(12, 'success'));
    await session.release();
    expect(parseMessageState(await redis.get(messageStateKey(prefix, 12)))?.view.state).toBe('success');
    // the new key wins over the old one from then on
    const again = (await sessions.open(12))!;
    expect(again.state?.view.state).toBe('success');
    await again.release();
  });

  it('reads the compare base only when given the line', async () => {
    const prefix = fresh();
    await redis.set(lastSuccessShaKey(prefix, 'acme/api', 'staging'), 'd'.repeat(40));
    const sessions = createDeploymentSessions(redis, prefix);
    const without = (await sessions.open(13))!;
    expect(without.lastSuccessSha).toBeNull();
    await without.release();
    const withLine = (await sessions.open(13, line))!;
    expect(withLine.lastSuccessSha).toBe('d'.repeat(40));
    await withLine.release();
  });

  it(
    'sends nothing until flush or release; ' + 'a flush keeps the lock, a release of a lock taken over deletes nothing',
    async () => {
      const prefix = fresh();
      const messages = createMessageStore(redis, prefix);
      const sessions = createDeploymentSessions(redis, prefix, 1000);
      const session = (await sessions.open(10))!;
      session.saveRef({ channel: 'C2', ts: '2.000200' });
      expect(await messages.get('deployment-10')).toBeNull();
      await session.flush();
      expect(await messages.get('deployment-10')).toEqual({ channel: 'C2', ts: '2.000200' });
      expect(await sessions.open(10)).toBeNull();
      // The lock expired and someone else took it: this release must not free theirs.
      await redis.del(`${prefix}:notifier:lock:deployment-10`);
      const other = (await sessions.open(10))!;
      await session.release();
      expect(await sessions.open(10)).toBeNull();
      await other.release();
      expect(await sessions.open(10)).not.toBeNull();
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
      const session = (await sessions.open(11, line))!;
      expect(sent()).toBe(1);
      session.saveRef({ channel: 'C3', ts: '3.000300' });
      session.saveState(messageState(11));
      expect(sent()).toBe(1);
      await session.release();
      expect(sent()).toBe(2);
      expect(await createMessageStore(redis, prefix).get('deployment-11')).toEqual({ channel: 'C3', ts: '3.000300' });
      expect(await sessions.open(11)).not.toBeNull();
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
