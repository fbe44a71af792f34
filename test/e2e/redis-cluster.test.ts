import { describe, expect, it } from '@jest/globals';
import { ClusterRedis, formatChaosReport, runChaos } from '@chatops/sandbox';

// Redis Cluster, for real: three primaries on local ports (redis-cli --cluster create); the three
// services reach it only through REDIS_URL=redis+cluster://… with a `{…}` hash-tag prefix; deployments
// go through with the chaos run's checks, and every key lives on the one primary of that tag's slot.
describe('Redis Cluster', () => {
  it('runs deployments through the three services on a three-primary Cluster', async () => {
    const cluster = new ClusterRedis();
    const lines: string[] = [];
    const report = await runChaos({
      redis: cluster,
      deployments: 12,
      apps: 3,
      environments: ['staging', 'qa'],
      faultRate: 0,
      killEveryMs: 0,
      redisRestartAt: 0.5,
      parallel: 4,
      deadlineMs: 60_000,
      signal: AbortSignal.timeout(100_000),
      log: (line) => lines.push(line),
    });
    console.log(`Redis Cluster\n${lines.join('\n')}\n${formatChaosReport(report)}`);
    expect(cluster.url).toMatch(/^redis\+cluster:\/\/127\.0\.0\.1:\d+\?nodes=127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$/);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.checks).toHaveLength(8);
    expect(report.figures).toContainEqual(['deployments created', 12]);
    // Mid-run, the queues and stores had keys on exactly one of the three primaries.
    expect(cluster.midRunKeys).toHaveLength(3);
    expect(cluster.midRunKeys.filter((n) => n > 0)).toHaveLength(1);
  }, 120_000);
});
