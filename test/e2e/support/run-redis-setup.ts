import { runChaos, type ChaosRedis, type ChaosReport } from '@chatops/sandbox';

/**
 * The chaos run on a Redis setup with no faults and no kills: 12 deployments over 3 apps (staging, qa),
 * 4 commands at once, the setup disrupted once halfway through the commands (its own disruption: a
 * failover, a count of keys, ...); `log` gets each line of the run.
 */
export function runRedisSetup(redis: ChaosRedis, log: (line: string) => void): Promise<ChaosReport> {
  return runChaos({
    redis,
    deployments: 12,
    apps: 3,
    environments: ['staging', 'qa'],
    faultRate: 0,
    killEveryMs: 0,
    redisRestartAt: 0.5,
    parallel: 4,
    deadlineMs: 60_000,
    signal: AbortSignal.timeout(100_000),
    log,
  });
}
