import { afterEach, describe, expect, it } from '@jest/globals';
import { waitFor } from '@chatops/testkit';
import { FakeHealthProbe } from '../fakes/fake-health-probe.js';
import { LateRedis } from '@chatops/testkit';
import { startNotifier, type Notifier } from '../helpers/start-notifier.js';

let n: Notifier | undefined;
let redis: LateRedis | undefined;
afterEach(async () => {
  await n?.close();
  n = undefined;
  await redis?.stop();
  redis = undefined;
});

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const address = n!.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.json() };
}

describe('start-up with Redis away', () => {
  it('is ready to listen after the wait, says 503 until Redis answers, then syncs the monitors', async () => {
    redis = new LateRedis();
    await redis.start();
    const lines: string[] = [];
    // testConfig: health checks on api staging and production
    n = await startNotifier({
      env: { REDIS_URL: redis.url, HEALTH_MONITORS: 'true', HEALTH_MONITOR_INTERVAL_MS: '600000' },
      overrides: { redisWaitMs: 100, probe: new FakeHealthProbe() },
      logLines: lines,
    });
    await n.app.listen({ port: 0, host: '127.0.0.1' });
    const away = await get('/readyz');
    expect(away.status).toBe(503);
    expect(away.body).toMatchObject({ status: 'unavailable', checks: { redis: false } });
    expect(lines.map((l) => JSON.parse(l).msg)).toContain(
      'Redis does not answer after 100 ms; listening anyway (/readyz answers 503 until it does)',
    );
    expect(await n.healthChecks.getJobSchedulers(0, -1)).toEqual([]);

    redis.up();
    await waitFor(async () => (await get('/readyz')).status === 200, 'ready once Redis answers');
    await waitFor(async () => (await n!.healthChecks.getJobSchedulers(0, -1)).length === 2, 'the monitors');
    const schedulers = await n.healthChecks.getJobSchedulers(0, -1);
    expect(schedulers.map((s) => s.key).sort()).toEqual(['monitor-api-production', 'monitor-api-staging']);
    expect(lines.map((l) => JSON.parse(l).msg)).toContain('health monitors: 2');
  });
});
