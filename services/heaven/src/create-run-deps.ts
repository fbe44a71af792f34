import {
  createDeploymentRecordStore,
  createFreezeStore,
  createGitHubClient,
  createLockStore,
  createPayloadNonces,
  createReviewEnvironmentStore,
  githubClientEnv,
  githubWritesFromEnv,
  instrumentPort,
  type Metrics,
  type PayloadNonces,
  type Redis,
  type ServiceContext,
} from '@chatops/shared/runtime';
import { createGitHubAdapter } from './adapters/github-adapter.js';
import type { HeavenEnv } from './config.js';
import { createDashboardEvents } from './dashboard/dashboard-events.js';
import type { Clock, GitHubPort } from './ports.js';
import { createProviders } from './providers/create-providers.js';
import type { RunDeps } from './run/run-context.js';
import { createDeploymentTrust } from './run/trust-deployment.js';
import { createHeldAutoDeploys } from './stores/held-auto-deploys.js';
import { createOnceKeys } from './stores/once-keys.js';
import { createRunStore } from './stores/run-store.js';

/** The ports tests may replace (see HeavenOverrides). */
type RunOverrides = { github?: GitHubPort; nonces?: PayloadNonces };

/**
 * What a deployment's run needs, but its wake (the workers add it): GitHub (its calls measured), the
 * CI providers, heaven's stores and locks on `redis`, the tunables, and the trust of signed payloads.
 */
export function createRunDeps(
  context: ServiceContext<HeavenEnv> & { overrides?: RunOverrides },
  redis: Redis,
  metrics: Metrics,
  clock: Clock,
  logDir: string,
): Omit<RunDeps, 'wake'> {
  const { env, apps, logger, overrides = {} } = context;
  const prefix = env.CHATOPS_QUEUE_PREFIX;
  const github = instrumentPort(overrides.github ?? createGitHub(env, logger, redis, metrics), 'github', metrics);
  return {
    apps,
    github,
    providers: createProviders(env, github, logDir, metrics),
    store: createRunStore(redis, prefix),
    once: createOnceKeys(redis, prefix),
    locks: createLockStore(redis, prefix),
    freezes: createFreezeStore(redis, prefix),
    held: createHeldAutoDeploys(redis, prefix),
    records: createDeploymentRecordStore(redis, prefix, {
      maxPerEnvironment: env.HEAVEN_DORA_MAX_RECORDS,
      retentionDays: env.HEAVEN_DORA_RETENTION_DAYS,
    }),
    reviews: createReviewEnvironmentStore(redis, prefix),
    clock,
    tunables: {
      pollMs: env.HEAVEN_POLL_INTERVAL_MS,
      pollMaxMs: env.HEAVEN_POLL_MAX_MS,
      startWatchdogMs: env.HEAVEN_START_WATCHDOG_MS,
      watchdogMs: env.HEAVEN_WATCHDOG_MS,
      defaultTimeoutMs: env.HEAVEN_DEFAULT_TIMEOUT_MS,
    },
    trust: createDeploymentTrust({
      secret: env.CHATOPS_PAYLOAD_SECRET,
      nonces: overrides.nonces ?? createPayloadNonces(redis, prefix),
    }),
    log: logger,
    metrics,
    events: createDashboardEvents(redis, prefix),
  };
}

/** heaven's GitHub port over the one GitHub client of chatops: a token, or a GitHub App. */
function createGitHub(
  env: HeavenEnv,
  logger: ServiceContext<HeavenEnv>['logger'],
  redis: Redis,
  metrics: Metrics,
): GitHubPort {
  const octokit = createGitHubClient({
    ...githubClientEnv(env),
    writeBudget: githubWritesFromEnv(env, redis, metrics),
    userAgent: 'chatops-heaven',
    logger,
  });
  return createGitHubAdapter(octokit);
}
