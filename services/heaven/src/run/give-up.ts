import type { DeploymentJob } from '@chatops/shared/contracts';
import { finishDeployment } from './finish-deployment.js';
import { loadRun, type RunDeps } from './run-context.js';

/**
 * How long one heaven holds the report of a failed deployment: longer than the slowest final status
 * post (GitHub's timeout and retries). If that heaven dies meanwhile, the sweep reports it after this.
 */
const GIVE_UP_CLAIM_S = 120;

/**
 * The job ran out of attempts: the deployment ends in error with the reason, and the line moves on.
 * The failed job's worker and the sweep (of any heaven) may both get here at once: one claims the
 * report, the others leave it. A report that fails gives its claim back for the next sweep.
 */
export async function giveUp(job: DeploymentJob, message: string, deps: RunDeps): Promise<void> {
  const run = await loadRun(job, deps);
  if (!run || 'unknownEnvironment' in run) return;
  const record = await deps.store.read(job.deployment.id);
  if (!record || record.phase === 'done') return;
  const id = String(job.deployment.id);
  if (!(await deps.once.once('give-up', id, GIVE_UP_CLAIM_S))) return;
  try {
    await finishDeployment(deps, run, record, 'error', `heaven gave up: ${message}`);
  } catch (e) {
    await deps.once.forget('give-up', id).catch(() => undefined);
    throw e;
  }
}
