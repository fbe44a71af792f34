import type { RunRecord } from '../ports.js';
import { wakeNext } from './finish-deployment.js';
import type { RunContext, RunDeps } from './run-context.js';

/** The states a deployment has in GitHub only once it ended (or a newer one replaced it). */
const ENDED: ReadonlySet<string> = new Set(['success', 'failure', 'error', 'inactive']);
/**
 * A deployment younger than this is run without asking: a replay can only outlive heaven's record of
 * the deployment (14 days after it ended), so only an old deployment's webhook can be one.
 */
const REPLAY_MIN_AGE_MS = 24 * 3600_000;

/**
 * Whether GitHub says this deployment already ended although heaven has posted nothing for it yet:
 * its `deployment` webhook came again after heaven's record of it expired (anyone who saw a delivery
 * can send its signed body again, at any time, under a new delivery id). Such a deployment is never
 * run again: its record is closed without a status, and the next one of its line is woken.
 */
export async function endedInGitHub(deps: RunDeps, run: RunContext, record: RunRecord): Promise<boolean> {
  if (record.claimed || record.lastStatus !== null || record.pendingStatus !== null) return false;
  if (deps.clock.now() - Date.parse(run.deployment.created_at) < REPLAY_MIN_AGE_MS) return false;
  const latest = await deps.github.latestStatus(run.repo, run.deployment.id);
  if (!latest || !ENDED.has(latest.state)) return false;
  deps.log.warn(
    { deploymentId: run.deployment.id, state: latest.state },
    `deployment #${run.deployment.id} already ended in GitHub (${latest.state}): not run again (a replayed webhook?)`,
  );
  await deps.store.finish(run.deployment.id, record.line);
  await wakeNext(deps, record.line);
  return true;
}
