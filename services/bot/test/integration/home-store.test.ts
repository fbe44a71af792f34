import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import type { HomeUpdateJob } from '@chatops/shared/contracts';
import { createRedis } from '@chatops/shared/runtime';
import { deleteKeysWithPrefix, REDIS_URL, testPrefix } from '@chatops/testkit';
import { refreshHomes } from '../../src/home/home-tab.js';
import { createHomeStore } from '../../src/stores/home-store.js';
import { createRecordingProducer } from '../fakes/recording-producer.js';

const redis = createRedis(REDIS_URL, 'worker');
const prefix = testPrefix('home-store');
afterEach(() => deleteKeysWithPrefix(redis, prefix));
afterAll(() => redis.quit());

const update = (id: number, statusId: number, state: HomeUpdateJob['state']): HomeUpdateJob => ({
  app: 'api',
  repository: 'acme/api',
  environment: 'staging',
  github_environment: 'staging',
  deployment_id: id,
  status_id: statusId,
  state,
  ref: 'main',
  sha: 'a'.repeat(40),
  task: 'deploy',
  requester: {},
  log_url: null,
  created_at: '2026-11-30T10:00:00Z',
  updated_at: '2026-11-30T10:00:00Z',
});

describe('the Home store (Redis)', () => {
  it('keeps the latest status of each deployment, whatever order they come in, newest deployments first', async () => {
    const home = createHomeStore(redis, prefix);
    expect(await home.record(update(1, 12, 'success'))).toBe(true);
    expect(await home.record(update(1, 11, 'in_progress'))).toBe(false);
    expect(await home.record(update(1, 12, 'success'))).toBe(false);
    expect(await home.record(update(2, 0, 'failure'))).toBe(true);
    expect(await home.record(update(2, 21, 'queued'))).toBe(true);
    expect((await home.deployments('api', 'staging')).map((d) => [d.deployment_id, d.state])).toEqual([
      [2, 'queued'],
      [1, 'success'],
    ]);
    expect(await home.deployments('api', 'production')).toEqual([]);
  });

  it('keeps the newest 20 deployments of an environment', async () => {
    const home = createHomeStore(redis, prefix);
    for (let id = 1; id <= 25; id += 1) await home.record(update(id, id * 10, 'success'));
    const kept = await home.deployments('api', 'staging');
    expect(kept.map((d) => d.deployment_id)).toEqual(Array.from({ length: 20 }, (_, i) => 25 - i));
  });

  it('viewers: those who opened Home within 30 minutes, per app, the newest 200', async () => {
    const home = createHomeStore(redis, prefix);
    const t0 = Date.parse('2026-11-30T10:00:00Z');
    await home.opened('U0OLD', ['api', 'web'], t0);
    await home.opened('U0BOB', ['api'], t0 + 20 * 60_000);
    expect(await home.viewers('api', t0 + 25 * 60_000)).toEqual(['U0OLD', 'U0BOB']);
    expect(await home.viewers('api', t0 + 31 * 60_000)).toEqual(['U0BOB']);
    expect(await home.viewers('web', t0 + 31 * 60_000)).toEqual([]);
    for (let i = 0; i < 205; i += 1) await home.opened(`U${String(i).padStart(4, '0')}`, ['api'], t0 + 21 * 60_000 + i);
    const viewers = await home.viewers('api', t0 + 25 * 60_000);
    expect(viewers).toHaveLength(200);
    expect(viewers).not.toContain('U0BOB');
    expect(viewers.at(-1)).toBe('U0204');
    expect(await redis.pttl(`${prefix}:bot:home:viewers:api`)).toBeGreaterThan(29 * 60_000);
  });

  it('one publish at a time per person: a hold, freed only by its own token', async () => {
    const home = createHomeStore(redis, prefix);
    const token = await home.holdPublish('U0BOB', 10_000);
    expect(token).toEqual(expect.any(String));
    expect(await home.holdPublish('U0BOB', 10_000)).toBeNull();
    expect(await home.holdPublish('U0ALICE', 10_000)).toEqual(expect.any(String));
    await home.releasePublish('U0BOB', 'not-the-token');
    expect(await home.holdPublish('U0BOB', 10_000)).toBeNull();
    await home.releasePublish('U0BOB', token!);
    expect(await home.holdPublish('U0BOB', 10_000)).toEqual(expect.any(String));
  });

  it('one publish queued per person: changes of later windows ride along until it starts reading', async () => {
    const home = createHomeStore(redis, prefix);
    const { producer, jobs } = createRecordingProducer();
    const now = { ms: Date.parse('2026-11-30T10:00:00.500Z') };
    const deps = { home, producer, clock: { now: () => now.ms } };
    await home.opened('U0BOB', ['api'], now.ms);
    await home.opened('U0ALICE', ['api'], now.ms);
    expect(await refreshHomes(deps, 'api')).toBe(2);
    // its job still waits (a window later, 10 windows later): nothing more is queued
    now.ms += 3000;
    expect(await refreshHomes(deps, 'api')).toBe(0);
    now.ms += 30_000;
    expect(await refreshHomes(deps, 'api')).toBe(0);
    expect(jobs.map((j) => j.jobId).sort()).toEqual([
      `home-publish-U0ALICE-${Math.floor((now.ms - 33_000) / 3000)}`,
      `home-publish-U0BOB-${Math.floor((now.ms - 33_000) / 3000)}`,
    ]);
    // Bob's publish starts reading: the next change queues his again, not Alice's (hers still waits)
    await home.publishStarted('U0BOB');
    expect(await refreshHomes(deps, 'api')).toBe(1);
    expect(jobs.at(-1)).toMatchObject({ queue: 'home-tab', data: { user_id: 'U0BOB' } });
    expect(await redis.pttl(`${prefix}:bot:home:scheduled:U0ALICE`)).toBeGreaterThan(4 * 60_000);
  });
});
