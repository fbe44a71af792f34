import {
  environmentOfDeployment,
  findAppByRepository,
  readChatopsPayload,
  type AppsConfig,
  type DeploymentJob,
  type LockStore,
} from '@chatops/shared/contracts';
import type { Logger, Metrics } from '@chatops/shared/runtime';
import type { Clock, GitHubPort, Providers, Repo, StatusInput, TriggerContext } from '../ports.js';
import type { DeploymentRecord, DeploymentStore } from './deployment-store.js';
import { clip } from './describe.js';

export type Tunables = {
  pollMs: number;
  pollMaxMs: number;
  startWatchdogMs: number;
  watchdogMs: number;
  defaultTimeoutMs?: number;
};

export type RunDeps = {
  apps: AppsConfig;
  github: GitHubPort;
  providers: Providers;
  store: DeploymentStore;
  locks: LockStore;
  clock: Clock;
  tunables: Tunables;
  /** Wakes a deployment's job now (it waits in the delayed set between two looks). */
  wake: (deploymentId: number) => Promise<void>;
  log: Logger;
  /** Deployments by outcome and their duration (GET /metrics). */
  metrics?: Metrics;
};

/** One deployment as heaven runs it: the config it belongs to and the trigger context. */
export type RunContext = TriggerContext & {
  repo: Repo;
  configEnvironment: string;
  line: string;
  timeoutMs: number;
  environmentUrl: string | undefined;
};

/** The config of a deployment, or null when its repository or environment is not configured. */
export function resolveRun(
  job: DeploymentJob,
  deps: Pick<RunDeps, 'apps' | 'tunables'>,
): RunContext | { unknownEnvironment: string } | null {
  const found = findAppByRepository(deps.apps, job.repository, job.deployment.environment);
  if (!found) return null;
  const env = found.environment ?? environmentOfDeployment(found.app.app, job.deployment.environment);
  if (!env) return { unknownEnvironment: job.deployment.environment };
  const [owner, repo] = job.repository.split('/') as [string, string];
  const minutes = env.environment.timeout_minutes ?? found.app.app.timeout_minutes;
  const timeoutMs =
    minutes !== undefined
      ? minutes * 60_000
      : (deps.tunables.defaultTimeoutMs ?? deps.apps.defaults.timeout_minutes * 60_000);
  return {
    deployment: job.deployment,
    repository: job.repository,
    appName: found.app.name,
    app: found.app.app,
    chatops: readChatopsPayload(job.deployment.payload),
    repo: { owner, repo },
    configEnvironment: env.name,
    line: `${job.repository.toLowerCase()}:${job.deployment.environment.toLowerCase()}`,
    timeoutMs,
    environmentUrl: env.environment.url,
  };
}

/**
 * Posts a deployment status unless the same state and description were the last ones posted. The
 * status is written down as pending first; after a crash, GitHub's newest status tells whether the
 * interrupted post went through, so a restart does not post it twice.
 */
export async function postStatus(
  deps: Pick<RunDeps, 'github' | 'store'>,
  run: RunContext,
  record: Pick<DeploymentRecord, 'lastStatus' | 'pendingStatus'>,
  status: StatusInput,
): Promise<void> {
  const description = clip(status.description);
  const key = `${status.state}|${description}|${status.log_url ?? ''}`;
  if (record.lastStatus === key) return;
  if (record.pendingStatus === key) {
    const latest = await deps.github.latestStatus(run.repo, run.deployment.id);
    if (latest?.state === status.state && latest.description === description) return remember(deps, run, record, key);
  }
  await deps.store.setPendingStatus(run.deployment.id, key);
  record.pendingStatus = key;
  const body: StatusInput = { ...status, description };
  if (run.environmentUrl && status.state !== 'inactive') body.environment_url = run.environmentUrl;
  await deps.github.createStatus(run.repo, run.deployment.id, body);
  await remember(deps, run, record, key);
}

async function remember(
  deps: Pick<RunDeps, 'store'>,
  run: RunContext,
  record: Pick<DeploymentRecord, 'lastStatus'>,
  key: string,
): Promise<void> {
  await deps.store.setLastStatus(run.deployment.id, key);
  record.lastStatus = key;
}
