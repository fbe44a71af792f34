import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import type { DeploymentRecordBase } from '@chatops/shared/contracts';
import { createDeploymentRecordStore } from '@chatops/shared/runtime';
import { deleteKeysWithPrefix, deploymentRecordBase, REDIS_URL, testPrefix } from '@chatops/testkit';

const T0 = Date.parse('2030-01-10T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function base(id: number, over: Partial<DeploymentRecordBase> = {}): DeploymentRecordBase {
  return deploymentRecordBase(id, { requested_at: iso(T0 + id * 60_000), ...over });
}

describe('createDeploymentRecordStore (Redis)', () => {
  let redis: Redis;
  let prefix: string;
  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });
  afterEach(async () => {
    await deleteKeysWithPrefix(redis, prefix);
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('writes each step once: a redelivered step moves no time, a final state is never moved', async () => {
    prefix = testPrefix('records');
    const store = createDeploymentRecordStore(redis, prefix, undefined, () => T0);
    const b = base(1);
    await store.record(b, { state: 'requested', at: b.requested_at });
    await store.record(b, { state: 'queued', at: iso(T0 + 70_000) });
    await store.record(b, { state: 'in_progress', at: iso(T0 + 80_000), log_url: 'https://ci/1' });
    await store.record(b, { state: 'queued', at: iso(T0 + 85_000) }); // a late, redelivered step
    await store.record(b, { state: 'in_progress', at: iso(T0 + 90_000), log_url: 'https://ci/2' });
    await store.record(b, { state: 'success', at: iso(T0 + 100_000), description: 'done' });
    await store.record(b, { state: 'error', at: iso(T0 + 110_000), description: 'late' });
    await store.record({ ...b, sha: 'c'.repeat(40) }, { state: 'success', at: iso(T0 + 120_000) });
    await store.setChanges(1, { base_sha: 'b'.repeat(40), commit_times: [iso(T0)], total: 1 });
    await store.setChanges(1, { base_sha: 'd'.repeat(40), commit_times: [], total: 0 });
    await store.setChanges(2, { base_sha: 'd'.repeat(40), commit_times: [], total: 0 }); // no record: nothing
    expect(await store.get(1)).toEqual({
      ...b,
      state: 'success',
      description: 'done',
      log_url: 'https://ci/1',
      queued_at: iso(T0 + 70_000),
      started_at: iso(T0 + 80_000),
      finished_at: iso(T0 + 100_000),
      changes: { base_sha: 'b'.repeat(40), commit_times: [iso(T0)], total: 1 },
    });
    expect(await store.get(2)).toBeNull();
    expect(await store.environments()).toEqual([{ app: 'api', environment: 'production' }]);
  });

  it('keeps at most maxPerEnvironment records per app/environment, the newest', async () => {
    prefix = testPrefix('records');
    const store = createDeploymentRecordStore(redis, prefix, { maxPerEnvironment: 3, retentionDays: 30 }, () => T0);
    for (let id = 1; id <= 5; id++) await store.record(base(id), { state: 'requested', at: base(id).requested_at });
    await store.record(base(6, { environment: 'staging' }), { state: 'requested', at: base(6).requested_at });
    expect((await store.list('api', 'production', 0)).map((r) => r.deployment_id)).toEqual([3, 4, 5]);
    expect(await store.get(1)).toBeNull();
    expect(await redis.exists(`${prefix}:dora:record:2`)).toBe(0);
    const all = await store.page({ page: 1, perPage: 10 });
    expect(all.total).toBe(4);
    expect(all.records.map((r) => r.deployment_id)).toEqual([6, 5, 4, 3]);
    expect(await redis.ttl(`${prefix}:dora:record:5`)).toBeGreaterThan(29 * 24 * 3600);
  });

  it('drops records older than retentionDays at the next write of their app/environment', async () => {
    prefix = testPrefix('records');
    let now = T0;
    const store = createDeploymentRecordStore(redis, prefix, { maxPerEnvironment: 100, retentionDays: 1 }, () => now);
    await store.record(base(1), { state: 'requested', at: base(1).requested_at });
    now = T0 + 2 * 24 * 3600_000;
    const fresh = base(2, { requested_at: iso(now) });
    await store.record(fresh, { state: 'requested', at: fresh.requested_at });
    expect((await store.list('api', 'production', 0)).map((r) => r.deployment_id)).toEqual([2]);
    expect((await store.page({ app: 'api', page: 1, perPage: 10 })).total).toBe(1);
  });

  it('pages newest first with filters, and finds the last success before a deployment', async () => {
    prefix = testPrefix('records');
    const store = createDeploymentRecordStore(redis, prefix, undefined, () => T0);
    for (let id = 1; id <= 5; id++) await store.record(base(id), { state: 'requested', at: base(id).requested_at });
    await store.record(base(2), { state: 'success', at: iso(T0 + 1_000_000) });
    await store.record(base(3), { state: 'failure', at: iso(T0 + 1_100_000) });
    await store.record(base(9, { app: 'web' }), { state: 'requested', at: base(9).requested_at });
    const second = await store.page({ app: 'api', environment: 'production', page: 2, perPage: 2 });
    expect(second.total).toBe(5);
    expect(second.records.map((r) => r.deployment_id)).toEqual([3, 2]);
    const since = await store.page({ environment: 'production', sinceMs: T0 + 4 * 60_000, page: 1, perPage: 10 });
    expect(since.records.map((r) => r.deployment_id)).toEqual([9, 5, 4]);
    expect((await store.page({ app: 'web', page: 1, perPage: 10 })).records.map((r) => r.deployment_id)).toEqual([9]);
    expect((await store.lastSuccess('api', 'production', 5))?.deployment_id).toBe(2);
    expect(await store.lastSuccess('api', 'production', 2)).toBeNull();
    // A dry run and a destroy that succeeded after it changed nothing that runs: still 2.
    await store.record(base(6, { noop: true }), { state: 'success', at: iso(T0 + 1_200_000) });
    await store.record(base(7, { task: 'destroy' }), { state: 'success', at: iso(T0 + 1_300_000) });
    await store.record(base(8, { task: 'deploy:migrations' }), { state: 'success', at: iso(T0 + 1_400_000) });
    expect((await store.lastSuccess('api', 'production', 8))?.deployment_id).toBe(2);
    expect((await store.lastSuccess('api', 'production', 9))?.deployment_id).toBe(8);
  });
});
