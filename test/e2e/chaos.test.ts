import { describe, expect, it } from '@jest/globals';
import { formatChaosReport, runChaos } from '@chatops/sandbox';

// The short chaos run (`node scripts/chaos.mjs` is the long one): 20 deployments through the whole
// flow on real processes and a private redis-server (AOF on), while the fake APIs fail 10% of
// calls, four random services are SIGKILLed and restarted ~2 s apart, and Redis is killed once.
describe('chaos, short', () => {
  it("loses no deployment, runs none twice, and shows each one's end in Slack", async () => {
    const report = await runChaos({
      deployments: 20,
      apps: 5,
      environments: ['staging', 'qa'],
      faultRate: 0.1,
      killEveryMs: 2000,
      maxKills: 4,
      redisRestartAt: 0.5,
      parallel: 4,
      deadlineMs: 60_000,
    });
    console.log(`chaos (short)\n${formatChaosReport(report)}`);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.checks.map((c) => c.name)).toEqual([
      'one deployment per command',
      'every deployment reached a final state',
      'exactly one CI pipeline per deployment (never two; none only where heaven could not tell and said so)',
      'exactly one Slack message per deployment, showing its final state',
      'per environment, never two deployments at once',
      'no job left failed without a reason',
      'no secret in any log line',
      'the strict fakes refused no request',
    ]);
  }, 150_000);
});
