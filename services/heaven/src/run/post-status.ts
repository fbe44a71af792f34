import type { RunRecord, StatusInput } from '../ports.js';
import { clip } from './describe.js';
import type { RunContext, RunDeps } from './run-context.js';

/**
 * Posts a deployment status unless the same state and description were the last ones posted. The
 * status is written down as pending first; after a crash, GitHub's newest status tells whether the
 * interrupted post went through, so a restart does not post it twice.
 */
export async function postStatus(
  deps: Pick<RunDeps, 'github' | 'store'>,
  run: RunContext,
  record: Pick<RunRecord, 'lastStatus' | 'pendingStatus'>,
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
  record: Pick<RunRecord, 'lastStatus'>,
  key: string,
): Promise<void> {
  await deps.store.setLastStatus(run.deployment.id, key);
  record.lastStatus = key;
}
