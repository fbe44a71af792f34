import { BaseError } from '@chatops/shared/contracts';
import type { RunRecord } from '../ports.js';
import { postStatus, publishChange } from './post-status.js';
import { finishTeardown, isDestroy, trackReview } from './review-environments.js';
import { recordChanges } from './record-changes.js';
import { requesterOf } from './record-deployment.js';
import type { RunContext, RunDeps } from './run-context.js';

export type Outcome = 'success' | 'failure' | 'error';

/**
 * Posts the final status, leaves the line, wakes the next deployment of the environment, and after
 * a successful `destroy` of a transient environment marks its deployments inactive.
 */
export async function finishDeployment(
  deps: RunDeps,
  run: RunContext,
  record: RunRecord,
  outcome: Outcome,
  description: string,
): Promise<void> {
  try {
    await postStatus(deps, run, record, { state: outcome, description, log_url: record.run?.logUrl });
  } catch (e) {
    // A passing failure retries the job; a refusal (4xx) must not leave the line blocked.
    if (!(e instanceof BaseError) || e.retryable) throw e;
    deps.log.error({ err: e, deploymentId: run.deployment.id }, `could not post the final status: ${e.message}`);
  }
  await deps.store.finish(run.deployment.id, record.line);
  await recordFinish(deps, run, record, outcome, description);
  if (outcome === 'success') await recordChanges(deps, run);
  await trackReview(deps, run);
  await publishChange(deps, run, outcome);
  if (outcome === 'success' && isDestroy(run.deployment.task) && isTransient(run)) await teardown(deps, run);
  await wakeNext(deps, record.line);
}

/** The log line, the metrics and the dashboard's history of a finished deployment. */
async function recordFinish(
  deps: RunDeps,
  run: RunContext,
  record: RunRecord,
  outcome: Outcome,
  description: string,
): Promise<void> {
  const now = deps.clock.now();
  const seconds = record.startedAt !== null ? Math.max(0, now - record.startedAt) / 1000 : undefined;
  deps.log.info({ deploymentId: run.deployment.id, outcome, description, durationS: seconds }, `deployment ${outcome}`);
  const labels = { app: run.appName, environment: run.configEnvironment, outcome };
  deps.metrics?.deployments.inc(labels);
  if (seconds !== undefined) deps.metrics?.deploymentDuration.observe(labels, seconds);
  const entry = {
    id: run.deployment.id,
    ref: record.ref,
    outcome,
    description,
    logUrl: record.run?.logUrl ?? null,
    finishedAt: now,
    requester: requesterOf(run),
  };
  await deps.store
    .addHistory(record.line, entry)
    .catch((e: unknown) => deps.log.warn({ err: e }, 'could not record the deployment in the history'));
}

function isTransient(run: RunContext): boolean {
  return run.deployment.transient_environment || run.app.environments[run.configEnvironment]?.transient === true;
}

/** Marks every deployment of the destroyed environment inactive ("destroyed" in GitHub). */
async function teardown(deps: RunDeps, run: RunContext): Promise<void> {
  const deployments = await deps.github.listDeployments(run.repo, run.deployment.environment, 100);
  for (const d of deployments) {
    await deps.github.createStatus(run.repo, d.id, {
      state: 'inactive',
      description: `environment ${run.deployment.environment} destroyed by deployment #${run.deployment.id}`,
    });
  }
  deps.log.info(
    { environment: run.deployment.environment, count: deployments.length },
    'transient environment torn down',
  );
  await finishTeardown(deps, run, deployments.length);
}

/** Wakes the first deployment waiting in the line, if any. */
export async function wakeNext(deps: Pick<RunDeps, 'store' | 'wake'>, line: string): Promise<void> {
  const [next] = await deps.store.members(line, 1);
  if (next !== undefined) await deps.wake(next).catch(() => undefined);
}

export function cancelDescription(record: RunRecord, started: boolean): string {
  const who = record.cancel?.name || record.cancel?.slack_user_id || 'someone';
  return started ? `cancelled by ${who}; the CI run was stopped` : `cancelled by ${who} before it started`;
}
