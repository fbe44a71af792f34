import { BaseError, type DeploymentJob } from '@chatops/shared/contracts';
import { RunAgainLater } from '@chatops/shared/runtime';
import { finishDeployment } from './finish-deployment.js';
import { followDeployment } from './follow-deployment.js';
import { loadRun, type RunDeps } from './run-context.js';
import { startDeployment } from './start-deployment.js';

/**
 * One look at a deployment: join the line, wait for its place, check the lock, trigger the CI once,
 * then follow it (each look ends by asking to be run again later, until the deployment ends).
 */
export async function runDeployment(job: DeploymentJob, deps: RunDeps): Promise<void> {
  const run = await loadRun(job, deps);
  if (!run) {
    deps.log.info({ repository: job.repository }, 'repository not in the config; deployment ignored');
    return;
  }
  if ('unknownEnvironment' in run) {
    const [owner, repo] = job.repository.split('/') as [string, string];
    await deps.github.createStatus({ owner, repo }, job.deployment.id, {
      state: 'error',
      description: `environment ${run.unknownEnvironment} is not in the chatops config`,
    });
    return;
  }
  const record = await deps.store.enter(job.deployment.id, run.line, job.deployment.ref);
  if (record.phase === 'done') return;
  try {
    if (record.claimed) return await followDeployment(deps, run, record);
    await startDeployment(deps, run, record);
  } catch (e) {
    // A refusal (a 4xx of the CI or of GitHub) ends the deployment with its reason; anything else is retried.
    if (e instanceof RunAgainLater || !(e instanceof BaseError) || e.retryable) throw e;
    const fresh = await deps.store.read(job.deployment.id);
    if (fresh?.run) await deps.providers[run.app.provider]?.cancel(fresh.run, run).catch(() => undefined);
    await finishDeployment(deps, run, record, 'error', e.message);
  }
}
