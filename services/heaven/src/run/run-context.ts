import {
  environmentOfDeployment,
  findApp,
  findAppByRepository,
  type AppsConfig,
  type ChatopsPayload,
  type DeploymentJob,
  type DeploymentRecordStore,
  type FreezeStore,
  type LockStore,
  type ResolvedApp,
  type ResolvedEnvironment,
  type ReviewEnvironmentStore,
  type ReviewTeardownJob,
} from '@chatops/shared/contracts';
import type { Logger, Metrics } from '@chatops/shared/runtime';
import type {
  Clock,
  GitHubPort,
  HeldAutoDeploys,
  OnceKeys,
  Providers,
  Repo,
  RunStore,
  TriggerContext,
} from '../ports.js';
import type { DashboardEvents } from '../dashboard/dashboard-events.js';
import type { DeploymentTrust } from './trust-deployment.js';

type Tunables = {
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
  store: RunStore;
  once: OnceKeys;
  locks: LockStore;
  /** Freezes set from chat (configured ones are in `apps`). */
  freezes: FreezeStore;
  /** Auto-deploys a freeze holds. */
  held: HeldAutoDeploys;
  clock: Clock;
  tunables: Tunables;
  /** The chatops object of a deployment, only when the bot signed it for this deployment. */
  trust: DeploymentTrust;
  /** Wakes a deployment's job now (it waits in the delayed set between two looks). */
  wake: (deploymentId: number) => Promise<void>;
  log: Logger;
  /** Deployments by outcome and their duration (GET /metrics). */
  metrics?: Metrics;
  /** chatops' records of deployments (DORA figures, export): one write per status posted. */
  records?: DeploymentRecordStore;
  /** The live review environments (their `ttl_hours` and teardown). */
  reviews?: ReviewEnvironmentStore;
  /** Says in the channel that a review environment was torn down. */
  announce?: (job: ReviewTeardownJob) => Promise<void>;
  /** Deployment changes for the dashboards (a Redis channel every heaven replica listens to). */
  events?: DashboardEvents;
};

/** One deployment as heaven runs it: the config it belongs to and the trigger context. */
export type RunContext = TriggerContext & {
  repo: Repo;
  configEnvironment: string;
  line: string;
  timeoutMs: number;
  environmentUrl: string | undefined;
};

export type Resolved = RunContext | { unknownEnvironment: string } | null;

/** The deployment's trusted chatops object, then its config (see resolveRun). */
export async function loadRun(job: DeploymentJob, deps: Pick<RunDeps, 'apps' | 'tunables' | 'trust' | 'log'>) {
  return resolveRun(job, await deps.trust(job.deployment, job.repository, deps.log), deps);
}

/**
 * The config of a deployment, or null when its repository is not configured. Pure. The app is the
 * signed `app` when it deploys this repository to this environment (two apps may share a
 * repository), else the one the repository and environment name point to.
 */
export function resolveRun(
  job: DeploymentJob,
  chatops: ChatopsPayload | null,
  deps: Pick<RunDeps, 'apps' | 'tunables'>,
): Resolved {
  const found =
    signedApp(deps.apps, job, chatops) ?? findAppByRepository(deps.apps, job.repository, job.deployment.environment);
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
    chatops,
    repo: { owner, repo },
    configEnvironment: env.name,
    line: `${job.repository.toLowerCase()}:${job.deployment.environment.toLowerCase()}`,
    timeoutMs,
    environmentUrl: env.environment.url,
  };
}

function signedApp(
  apps: AppsConfig,
  job: DeploymentJob,
  chatops: ChatopsPayload | null,
): { app: ResolvedApp; environment: ResolvedEnvironment } | null {
  const app = chatops ? findApp(apps, chatops.app) : null;
  if (!app || app.app.repository.toLowerCase() !== job.repository.toLowerCase()) return null;
  const environment = environmentOfDeployment(app.app, job.deployment.environment);
  return environment ? { app, environment } : null;
}
