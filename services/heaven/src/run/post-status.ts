import type { RunRecord, StatusInput } from '../ports.js';
import { clip } from './describe.js';
import { recordTransition } from './record-deployment.js';
import type { RunContext, RunDeps } from './run-context.js';

/**
 * Posts a deployment status unless the same state and description were the last ones posted. The
 * status is written down as pending first; after a crash, GitHub's newest status tells whether the
 * interrupted post went through, so a restart does not post it twice.
 */
export async function postStatus(
  deps: Pick<RunDeps, 'github' | 'store'> & Partial<Pick<RunDeps, 'events' | 'records' | 'clock' | 'log'>>,
  run: RunContext,
  record: Pick<RunRecord, 'lastStatus' | 'pendingStatus'> & Partial<Pick<RunRecord, 'cancel'>>,
  status: StatusInput,
): Promise<void> {
  const description = clip(status.description);
  const key = `${status.state}|${description}|${status.log_url ?? ''}`;
  if (record.lastStatus === key) return;
  if (record.pendingStatus === key) {
    const latest = await deps.github.latestStatus(run.repo, run.deployment.id);
    if (latest?.state === status.state && latest.description === description) {
      await remember(deps, run, record, key);
      return recordTransition(deps, run, record, { ...status, description });
    }
  }
  await deps.store.setPendingStatus(run.deployment.id, key);
  record.pendingStatus = key;
  const body: StatusInput = { ...status, description };
  if (run.environmentUrl && status.state !== 'inactive') body.environment_url = run.environmentUrl;
  await deps.github.createStatus(run.repo, run.deployment.id, body);
  await remember(deps, run, record, key);
  await recordTransition(deps, run, record, body);
  await publishChange(deps, run, status.state);
}

/** Tells the dashboards (every replica's) that the deployment changed; best effort, never fails the run. */
export async function publishChange(
  deps: Partial<Pick<RunDeps, 'events'>>,
  run: Pick<RunContext, 'deployment' | 'line'>,
  state: string,
): Promise<void> {
  await deps.events?.publish({ id: run.deployment.id, line: run.line, state }).catch(() => undefined);
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
