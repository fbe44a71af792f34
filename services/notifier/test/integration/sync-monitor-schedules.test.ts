import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { QUEUES } from '@chatops/shared/contracts';
import { createRedis, parseAppsConfig } from '@chatops/shared/runtime';
import { REDIS_URL, deleteKeysWithPrefix, testPrefix } from '@chatops/testkit';
import { removeMonitorSchedules, syncMonitorSchedules } from '../../src/health/sync-monitor-schedules.js';

const config = (envs: string) =>
  parseAppsConfig(`
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments: ${envs}
`);

let redis: ReturnType<typeof createRedis>;
let prefix: string;
let queues: Queue[];
beforeEach(() => {
  redis = createRedis(REDIS_URL, 'worker');
  prefix = testPrefix('monitors');
  queues = [];
});
afterEach(async () => {
  await Promise.all(queues.map((q) => q.close()));
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

const replica = () => {
  const queue = new Queue(QUEUES.healthChecks, { connection: redis, prefix });
  queues.push(queue);
  return queue;
};

describe('syncMonitorSchedules', () => {
  it('keeps one scheduler per environment with a health_check, however many replicas sync', async () => {
    const both = config(
      '{ staging: { health_check: "https://s.example/healthz" }, ' +
        'production: { health_check: "https://p.example/healthz" }, qa: {} }',
    );
    await syncMonitorSchedules(replica(), both, 1000);
    await syncMonitorSchedules(replica(), both, 1000);
    const schedulers = await replica().getJobSchedulers(0, -1);
    expect(schedulers.map((s) => [s.key, s.name, s.every]).sort()).toEqual([
      ['monitor-api-production', 'monitor', 1000],
      ['monitor-api-staging', 'monitor', 1000],
    ]);
  });

  it('removes the schedulers of environments no longer configured, or all of them when monitors are off', async () => {
    await syncMonitorSchedules(
      replica(),
      config(
        '{ staging: { health_check: "https://s.example/healthz" }, ' +
          'production: { health_check: "https://p.example/healthz" } }',
      ),
      1000,
    );
    await syncMonitorSchedules(
      replica(),
      config('{ staging: { health_check: "https://s.example/healthz" }, production: {} }'),
      5000,
    );
    const schedulers = await replica().getJobSchedulers(0, -1);
    expect(schedulers.map((s) => [s.key, s.every])).toEqual([['monitor-api-staging', 5000]]);
    await removeMonitorSchedules(replica());
    expect(await replica().getJobSchedulers(0, -1)).toEqual([]);
  });
});
