import {
  findApp,
  reviewTtlHours,
  type AppsConfig,
  type ReviewEnvironment,
  type ReviewEnvironmentStore,
  type ReviewTeardownJob,
  type TeardownReason,
} from '@chatops/shared/contracts';
import type { Logger } from '@chatops/shared/runtime';
import type { Clock, GitHubPort, OnceKeys } from '../ports.js';
import type { RunContext } from './run-context.js';

/** What the review environments need: the config, GitHub, their store, the announcement, a clock. */
export type ReviewDeps = {
  apps: AppsConfig;
  github: GitHubPort;
  clock: Clock;
  log: Logger;
  /** One heaven takes over a stale claim at a time. */
  once: OnceKeys;
  reviews?: ReviewEnvironmentStore;
  /** Says in the channel that a review environment was torn down (once per destroy deployment). */
  announce?: (job: ReviewTeardownJob) => Promise<void>;
};

/** A `destroy` task (or `<something>:destroy`): it tears its environment down. */
export const isDestroy = (task: string) => /(^|:)destroy$/.test(task);

/** A claimed teardown that has no destroy deployment after this long is taken up again (its heaven died). */
const STALE_CLAIM_MS = 2 * 60_000;

/** A branch environment (`review-feat-x`) of a transient config environment; never the config environment itself. */
function branchEnvironment(run: RunContext): boolean {
  const env = run.app.environments[run.configEnvironment];
  return env?.transient === true && run.deployment.environment !== run.configEnvironment;
}

/**
 * Notes a deployment (not a destroy) of a review environment as it starts and as it ends: the clock of
 * its `ttl_hours` starts again. Never fails the run: a failed write is logged.
 */
export async function trackReview(deps: ReviewDeps, run: RunContext): Promise<void> {
  if (!deps.reviews || !branchEnvironment(run) || isDestroy(run.deployment.task)) return;
  const now = deps.clock.now();
  const channel = run.chatops?.slack?.channel;
  await deps.reviews
    .touch(
      {
        repository: run.repository,
        app: run.appName,
        config_environment: run.configEnvironment,
        environment: run.deployment.environment,
        branch: run.chatops?.branch ?? run.deployment.ref,
        sha: run.deployment.sha,
        last_deploy_at: now,
        last_deployment_id: run.deployment.id,
        ...(channel ? { channel } : {}),
      },
      now,
    )
    .catch((e: unknown) => deps.log.warn({ err: e }, 'could not record the review environment'));
}

/** When a review environment expires (ms), from the config; null when the config no longer makes it transient. */
export function expiresAt(apps: AppsConfig, record: ReviewEnvironment): number | null {
  const env = findApp(apps, record.app)?.app.environments[record.config_environment];
  if (!env?.transient) return null;
  return record.last_deploy_at + reviewTtlHours(env) * 3_600_000;
}

/**
 * Tears a review environment down: the first claim (of any heaven, for any reason) creates its
 * `destroy` deployment, which heaven runs through the CI like a `/deploy destroy`; its success marks
 * the deployments inactive and deletes the GitHub environment (finishTeardown). True when this call
 * claimed it.
 */
async function startTeardown(
  deps: ReviewDeps,
  record: ReviewEnvironment,
  reason: TeardownReason,
  pr?: number,
): Promise<boolean> {
  if (!deps.reviews) return false;
  const claim = { reason, at: deps.clock.now(), ...(pr === undefined ? {} : { pr }) };
  if (!(await deps.reviews.claimTeardown(record.repository, record.environment, claim))) return false;
  await createDestroy(deps, { ...record, ...(pr === undefined ? {} : { pr }) }, reason);
  return true;
}

/**
 * The destroy deployment of a claimed teardown, once: one already made since the last deploy there
 * (by a heaven that died before noting it) is taken, else one is created of the last deployed sha
 * (the branch may be gone). Unsigned: heaven runs it as any deployment of the environment.
 */
async function createDestroy(deps: ReviewDeps, record: ReviewEnvironment, reason: TeardownReason): Promise<void> {
  const reviews = deps.reviews!;
  const [owner, repo] = record.repository.split('/') as [string, string];
  const [newest] = await deps.github.listDeployments({ owner, repo }, record.environment, 1);
  let id = newest && isDestroy(newest.task) && newest.id > record.last_deployment_id ? newest.id : null;
  id ??= await deps.github.createDeployment(
    { owner, repo },
    {
      ref: record.sha,
      environment: record.environment,
      task: 'destroy',
      description: teardownDescription(record, reason, expiresAt(deps.apps, record)),
      transient: true,
      production: false,
    },
  );
  if (id === null) throw new Error(`GitHub created no destroy deployment of ${record.environment}`);
  await reviews.setDestroy(record.repository, record.environment, id);
  deps.log.info({ environment: record.environment, reason, destroyId: id }, 'review environment teardown started');
}

/** The destroy deployment's description (GitHub keeps 140 characters). Pure. */
export function teardownDescription(record: ReviewEnvironment, reason: TeardownReason, expiry: number | null): string {
  const hours = expiry === null ? null : Math.round((expiry - record.last_deploy_at) / 3_600_000);
  const why: Record<TeardownReason, string> = {
    expired: `no deployment for ${hours ?? '?'}h`,
    'pr-closed': `pull request${record.pr ? ` #${record.pr}` : ''} closed`,
    'pr-merged': `pull request${record.pr ? ` #${record.pr}` : ''} merged`,
    'branch-deleted': 'branch deleted',
    destroyed: 'destroyed',
  };
  return `teardown of ${record.environment}: ${why[reason]}`.slice(0, 140);
}

/**
 * The teardowns a branch's end asks for (its pull request closed or merged, or the branch deleted):
 * each review environment deployed from it. Returns the environments claimed here.
 */
export async function teardownBranch(
  deps: ReviewDeps,
  input: { repository: string; branch: string; reason: TeardownReason; pr?: number },
): Promise<string[]> {
  if (!deps.reviews) return [];
  const records = (await deps.reviews.list()).filter(
    (r) => r.repository.toLowerCase() === input.repository.toLowerCase() && r.branch === input.branch,
  );
  const done: string[] = [];
  for (const record of records) {
    if (expiresAt(deps.apps, record) === null) continue;
    if (await startTeardown(deps, record, input.reason, input.pr)) done.push(record.environment);
  }
  if (records.length === 0) deps.log.info({ branch: input.branch }, 'no review environment of the branch');
  return done;
}

/**
 * Every heaven, every longest poll interval: review environments past their `ttl_hours` are torn
 * down (claimed once), and a claim whose heaven died before it made the destroy deployment is taken
 * up again. Returns the environments it started a teardown of.
 */
export async function sweepReviews(deps: ReviewDeps): Promise<string[]> {
  if (!deps.reviews) return [];
  const done: string[] = [];
  for (const record of await deps.reviews.list()) {
    const expiry = expiresAt(deps.apps, record);
    if (expiry === null) continue;
    const now = deps.clock.now();
    if (record.teardown) {
      const stale = record.teardown.destroy_id === undefined && now - record.teardown.at > STALE_CLAIM_MS;
      const key = `${record.repository.toLowerCase()}:${record.environment}`;
      if (stale && (await deps.once.once('review-takeover', key, STALE_CLAIM_MS / 1000))) {
        await createDestroy(deps, { ...record, teardown: undefined }, record.teardown.reason);
      }
      continue;
    }
    if (now < expiry) continue;
    if (await startTeardown(deps, record, 'expired')) done.push(record.environment);
  }
  return done;
}

/**
 * After a destroy's success marked the deployments inactive: deletes the GitHub environment (a 403
 * leaves it, logged and said), announces it once in the channel, forgets the review environment.
 */
export async function finishTeardown(deps: ReviewDeps, run: RunContext, inactive: number): Promise<void> {
  const environment = run.deployment.environment;
  const deleted = await deps.github.deleteEnvironment(run.repo, environment).catch((e: unknown) => {
    deps.log.error({ err: e, environment }, 'could not delete the GitHub environment');
    return 'failed' as const;
  });
  if (deleted === 'forbidden')
    deps.log.error(
      { environment },
      'GitHub refused to delete the environment (403): the GitHub App needs the Administration ' +
        'repository permission (write), a token the repo scope; the environment stays',
    );
  const record = await deps.reviews?.get(run.repository, environment);
  const ttl = run.app.environments[run.configEnvironment]?.ttl_hours;
  const reason = record?.teardown?.reason ?? 'destroyed';
  await deps.announce?.({
    repository: run.repository,
    app: run.appName,
    config_environment: run.configEnvironment,
    environment,
    ...(record ? { branch: record.branch } : {}),
    reason,
    ...(record?.pr ? { pr: record.pr } : {}),
    ...(reason === 'expired' ? { ttl_hours: ttl ?? reviewTtlHours({}) } : {}),
    destroy_id: run.deployment.id,
    inactive,
    github_environment: deleted,
    ...(record?.channel
      ? { channel: record.channel }
      : run.chatops?.slack
        ? { channel: run.chatops.slack.channel }
        : {}),
  });
  await deps.reviews?.remove(run.repository, environment);
}
