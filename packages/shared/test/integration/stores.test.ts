import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createLockStore, createMessageStore } from '@chatops/shared/runtime';
import { REDIS_URL, deleteKeysWithPrefix, testPrefix } from '@chatops/testkit';

const redis = new Redis(REDIS_URL);
const prefixes: string[] = [];
const fresh = () => {
  const p = testPrefix('stores');
  prefixes.push(p);
  return p;
};
afterEach(async () => {
  for (const p of prefixes.splice(0)) await deleteKeysWithPrefix(redis, p);
});
afterAll(() => redis.disconnect());

const lock = (who: string, env = 'staging') => ({
  repository: 'acme/api',
  environment: env,
  holder: { slack_user_id: who, name: who.toLowerCase() },
  reason: 'testing',
  locked_at: new Date().toISOString(),
});

describe('lock store', () => {
  it('gives the lock to the first and shows the holder to the second', async () => {
    const store = createLockStore(redis, fresh());
    await expect(store.acquire(lock('U1'))).resolves.toEqual({ acquired: true });
    const second = await store.acquire(lock('U2'));
    expect(second).toEqual({
      acquired: false,
      current: expect.objectContaining({ holder: { slack_user_id: 'U1', name: 'u1' } }),
    });
    expect((await store.get('ACME/api', 'staging'))?.holder.slack_user_id).toBe('U1');
  });

  it('lists and releases locks', async () => {
    const store = createLockStore(redis, fresh());
    await store.acquire(lock('U1', 'staging'));
    await store.acquire(lock('U2', 'production'));
    expect((await store.list()).map((l) => l.environment).sort()).toEqual(['production', 'staging']);
    expect((await store.release('acme/api', 'staging'))?.holder.slack_user_id).toBe('U1');
    expect(await store.release('acme/api', 'staging')).toBeNull();
    expect((await store.list()).map((l) => l.environment)).toEqual(['production']);
  });

  it('keeps its keys under its own prefix', async () => {
    const prefix = fresh();
    await createLockStore(redis, prefix).acquire(lock('U1'));
    const keys = await redis.keys(`${prefix}*`);
    expect(keys.sort()).toEqual([`${prefix}:lock:acme/api:staging`, `${prefix}:locks`]);
  });
});

describe('message store', () => {
  it('stores, reads and deletes message references', async () => {
    const store = createMessageStore(redis, fresh());
    expect(await store.get('deployment-1')).toBeNull();
    await store.set('deployment-1', { channel: 'C1', ts: '1.000100', state: 'in_progress' });
    expect(await store.get('deployment-1')).toEqual({ channel: 'C1', ts: '1.000100', state: 'in_progress' });
    await store.delete('deployment-1');
    expect(await store.get('deployment-1')).toBeNull();
  });
});
