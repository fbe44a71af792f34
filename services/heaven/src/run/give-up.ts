import type { DeploymentJob } from '@chatops/shared/contracts';
import { finishDeployment } from './finish-deployment.js';
import { loadRun, type RunDeps } from './run-context.js';

/** The job ran out of attempts: the deployment ends in error with the reason, and the line moves on. */
export async function giveUp(job: DeploymentJob, message: string, deps: RunDeps): Promise<void> {
  const run = await loadRun(job, deps);
  if (!run || 'unknownEnvironment' in run) return;
  const record = await deps.store.read(job.deployment.id);
  if (!record || record.phase === 'done') return;
  await finishDeployment(deps, run, record, 'error', `heaven gave up: ${message}`);
}
