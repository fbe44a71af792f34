import type { Redis } from 'ioredis';
import { githubBudgetEnv, githubClientEnv } from '../env/env-shapes.js';
import type { Metrics } from '../http/metrics.js';
import type { GitHubClientOptions } from './create-github-client.js';
import { createGitHubWriteBudget, githubIdentity } from './github-write-budget.js';

type Env = Parameters<typeof githubClientEnv>[0] & { CHATOPS_QUEUE_PREFIX: string };

/**
 * The GitHub client's `writeBudget` of a service: the budget shared through Redis by every process
 * of this identity (none at GITHUB_WRITE_INTERVAL_MS=0), each write counted by route and its wait
 * observed on the service's /metrics.
 */
export function githubWritesFromEnv(
  env: Env,
  redis: Redis,
  metrics: Pick<Metrics, 'githubWrites' | 'githubWriteWait'>,
): NonNullable<GitHubClientOptions['writeBudget']> {
  const settings = githubBudgetEnv(env);
  const budget = settings
    ? createGitHubWriteBudget({
        redis,
        prefix: env.CHATOPS_QUEUE_PREFIX,
        identity: githubIdentity(githubClientEnv(env).credentials),
        ...settings,
      })
    : undefined;
  return {
    budget,
    onWrite: (route, waitMs) => {
      metrics.githubWrites.inc({ route });
      if (budget) metrics.githubWriteWait.observe(waitMs / 1000);
    },
  };
}
