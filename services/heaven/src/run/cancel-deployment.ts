import { findAppByRepository, type ControlJob } from '@chatops/shared/contracts';
import type { RunDeps } from './run-context.js';

/**
 * The bot's `cancel`: marks the deployment cancelled and wakes its job, which stops the CI (running)
 * or just ends it (waiting). A waiting one leaves the line at once, so the next one is not held up.
 */
export async function cancelDeployment(
  job: ControlJob,
  deps: Pick<RunDeps, 'apps' | 'store' | 'wake' | 'log'>,
): Promise<number | null> {
  const lines = new Set([`${job.repository.toLowerCase()}:${job.environment.toLowerCase()}`]);
  const found = findAppByRepository(deps.apps, job.repository, job.environment);
  if (found?.environment) lines.add(`${job.repository.toLowerCase()}:${found.environment.name}`);
  const ids: Array<{ id: number; line: string }> = [];
  for (const line of lines) for (const id of await deps.store.members(line)) ids.push({ id, line });
  const target =
    job.deployment_id !== undefined ? ids.find((x) => x.id === job.deployment_id) : ids.sort((a, b) => b.id - a.id)[0];
  if (!target) {
    deps.log.info(
      { repository: job.repository, environment: job.environment, deploymentId: job.deployment_id },
      'cancel: nothing waiting or running',
    );
    return null;
  }
  await deps.store.requestCancel(target.id, job.requested_by);
  const record = await deps.store.read(target.id);
  if (record && !record.claimed) await deps.store.leaveLine(target.id, target.line);
  await deps.wake(target.id);
  deps.log.info({ deploymentId: target.id, by: job.requested_by.slack_user_id }, 'cancel requested');
  return target.id;
}
