import { describe, expect, it } from '@jest/globals';
import { ClusterRedis, formatChaosReport } from '@chatops/sandbox';
import { runRedisSetup } from './support/run-redis-setup.js';

// Redis Cluster, for real: three primaries on local ports (redis-cli --cluster create); the three
// services reach it only through REDIS_URL=redis+cluster://… with a `{…}` hash-tag prefix; deployments
// go through with the chaos run's checks, and every key lives on the one primary of that tag's slot.
describe('Redis Cluster', () => {
  it('runs deployments through the three services on a three-primary Cluster', async () => {
    const cluster = new ClusterRedis();
    const lines: string[] = [];
    const report = await runRedisSetup(cluster, (line) => lines.push(line));
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
