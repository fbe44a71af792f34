import { describe, expect, it } from '@jest/globals';
import { formatChaosReport, SentinelRedis } from '@chatops/sandbox';
import { runRedisSetup } from './support/run-redis-setup.js';

// Redis Sentinel, for real: a primary, a replica and three redis-sentinel processes on local ports;
// the three services reach Redis only through REDIS_URL=redis+sentinel://…; the primary is failed
// over (SENTINEL FAILOVER) halfway through the commands; then the chaos run's checks: nothing lost,
// nothing run twice, each deployment's end shown in its one Slack message. No faults, no kills: the
// failover is the only disruption.
describe('Redis Sentinel failover', () => {
  it('loses no deployment and runs none twice when the primary fails over mid-run', async () => {
    const sentinel = new SentinelRedis();
    const lines: string[] = [];
    const report = await runRedisSetup(sentinel, (line) => {
      lines.push(line);
      process.stderr.write(`${line}\n`);
    });
    console.log(`Sentinel failover\n${lines.join('\n')}\n${formatChaosReport(report)}`);
    expect(sentinel.url).toMatch(
      /^redis\+sentinel:\/\/127\.0\.0\.1:\d+\/mymaster\?sentinels=127\.0\.0\.1:\d+,127\.0\.0\.1:\d+&replica_acks=1$/,
    );
    expect(lines.filter((l) => l.startsWith('SENTINEL FAILOVER: primary'))).toHaveLength(1);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.checks).toHaveLength(8);
    expect(report.figures).toContainEqual(['deployments created', 12]);
  }, 120_000);
});
