import type { DeploymentRecordBase, DeploymentRecordState, DeploymentRecordStore } from '@chatops/shared/contracts';
import type { RunRecord, StatusInput } from '../ports.js';
import type { RunContext, RunDeps } from './run-context.js';

type RecordDeps = Partial<Pick<RunDeps, 'clock' | 'log'>> & { records?: DeploymentRecordStore };

/** Whether this deployment runs in a production environment (the config's, or GitHub's flag). */
export function isProduction(run: RunContext): boolean {
  return run.app.environments[run.configEnvironment]?.production === true || run.deployment.production_environment;
}

/** Who asked for the deployment: the signed requester's name or Slack id, else its GitHub creator. Pure. */
export function requesterOf(run: RunContext): string | null {
  return run.chatops?.requester.name || run.chatops?.requester.slack_user_id || run.deployment.creator?.login || null;
}

/** The fixed part of a deployment's record, from what heaven knows of it. Pure. */
function recordBase(run: RunContext): DeploymentRecordBase {
  const approvals = run.chatops?.approvals ?? [];
  return {
    deployment_id: run.deployment.id,
    repository: run.repository,
    app: run.appName,
    environment: run.configEnvironment,
    github_environment: run.deployment.environment,
    production: isProduction(run),
    sha: run.deployment.sha,
    ref: run.deployment.ref,
    task: run.deployment.task,
    noop: run.chatops?.noop ?? false,
    requester: requesterOf(run),
    rollback_of: run.chatops?.rollback_of ?? null,
    requested_at: new Date(Date.parse(run.deployment.created_at)).toISOString(),
    approved_at: isoOrNull(approvals[approvals.length - 1]?.at),
  };
}

/** An ISO time from a signed approval's time; null when there is none or it is not a time. */
function isoOrNull(at: string | undefined): string | null {
  const ms = at === undefined ? Number.NaN : Date.parse(at);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The record's state for a status heaven posted (an error after a cancel is `cancelled`). */
function stateOf(status: StatusInput, record: Partial<Pick<RunRecord, 'cancel'>>): DeploymentRecordState | null {
  if (status.state === 'inactive') return null;
  if (status.state === 'error' && record.cancel) return 'cancelled';
  return status.state;
}

/**
 * Writes the step a status posted to the deployment's record (one write per status heaven posts; the
 * store keeps the first time of each step, so a retry or redelivery changes nothing). Best effort: a
 * record that cannot be written is logged, never fails the deployment.
 */
export async function recordTransition(
  deps: RecordDeps,
  run: RunContext,
  record: Partial<Pick<RunRecord, 'cancel'>>,
  status: StatusInput,
): Promise<void> {
  const state = stateOf(status, record);
  if (!deps.records || !state) return;
  try {
    await deps.records.record(recordBase(run), {
      state,
      at: new Date(deps.clock?.now() ?? Date.now()).toISOString(),
      description: status.description,
      log_url: status.log_url ?? null,
    });
  } catch (e) {
    deps.log?.warn({ err: e, deploymentId: run.deployment.id }, 'could not write the deployment record');
  }
}
