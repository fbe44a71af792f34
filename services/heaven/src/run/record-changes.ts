import { isCountedDeployment, type DeploymentRecordStore } from '@chatops/shared/contracts';
import type { RunContext, RunDeps } from './run-context.js';
import { isProduction } from './record-deployment.js';

type ChangesDeps = Pick<RunDeps, 'github' | 'log'> & { records?: DeploymentRecordStore };

/**
 * After a successful production deployment: the commits it brought, from GitHub's compare of the
 * previous successful production sha of its app/environment with its own, written to its record (the
 * lead time for changes is made of their committer dates). Not for the first production deployment
 * (no base: its changes are unknown), a rollback (it brings no new change) or a noop. Best effort: a
 * failure is logged and the record keeps no changes (the deployment has ended; nothing retries it).
 */
export async function recordChanges(deps: ChangesDeps, run: RunContext): Promise<void> {
  const records = deps.records;
  if (!records || !isProduction(run)) return;
  const id = run.deployment.id;
  try {
    const own = await records.get(id);
    if (own?.state !== 'success' || own.changes || own.rollback_of !== null || !isCountedDeployment(own)) return;
    const previous = await records.lastSuccess(run.appName, run.configEnvironment, id);
    if (!previous) return;
    if (previous.sha === own.sha) return records.setChanges(id, { base_sha: previous.sha, commit_times: [], total: 0 });
    const between = await deps.github.commitsBetween(run.repo, previous.sha, own.sha);
    const ahead = between.status === 'ahead' || between.status === 'diverged';
    await records.setChanges(id, {
      base_sha: previous.sha,
      commit_times: ahead ? isoTimes(between.commitTimes) : [],
      total: ahead ? between.total : 0,
    });
  } catch (e) {
    deps.log.warn({ err: e, deploymentId: id }, 'could not read the commits of the deployment (lead time)');
  }
}

/** GitHub's dates as ISO times (at most 250, as GitHub's compare lists); an unreadable one is left out. */
function isoTimes(dates: string[]): string[] {
  return dates
    .flatMap((d) => (Number.isNaN(Date.parse(d)) ? [] : [new Date(Date.parse(d)).toISOString()]))
    .slice(0, 250);
}
