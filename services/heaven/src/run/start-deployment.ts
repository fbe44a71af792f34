import { BaseError } from '@chatops/shared/contracts';
import { RunAgainLater } from '@chatops/shared/runtime';
import type { CiRun, RunRecord } from '../ports.js';
import { UNKNOWN_TRIGGER, describeLockRefusal, describeWaiting, startedDescription } from './describe.js';
import { approvalRefusal } from './approval-refusal.js';
import { freezeRefusal } from './freeze-refusal.js';
import { endedInGitHub } from './ended-in-github.js';
import { cancelDescription, finishDeployment } from './finish-deployment.js';
import { postStatus } from './post-status.js';
import { queuedStatusDelay } from './queued-status-delay.js';
import { trackReview } from './review-environments.js';
import type { RunContext, RunDeps } from './run-context.js';

/**
 * A deployment whose CI has not been triggered: unless GitHub says it already ended (a replayed
 * webhook), it waits for its place in the line, then is refused by a lock someone else holds, by a
 * freeze (unless an overrider forced it), by an environment's `approval` (unless the bot signed
 * enough approvers), by its provider, or triggers its CI once.
 */
export async function startDeployment(deps: RunDeps, run: RunContext, record: RunRecord): Promise<void> {
  const id = run.deployment.id;
  if (record.cancel) return finishDeployment(deps, run, record, 'error', cancelDescription(record, false));
  if (await endedInGitHub(deps, run, record)) return;
  const place = await deps.store.tryStart(id, run.line);
  if (!place.started) return waitForPlace(deps, run, record, place.ahead);
  // Only a signed chatops object names who asked: an unsigned one is never the holder.
  const lock = await deps.locks.get(run.repository, run.configEnvironment);
  if (lock && lock.holder.slack_user_id !== run.chatops?.requester.slack_user_id) {
    return finishDeployment(deps, run, record, 'error', describeLockRefusal(lock, deps.clock.now()));
  }
  const frozen = await freezeRefusal(deps, run);
  if (frozen) return finishDeployment(deps, run, record, 'error', frozen);
  const unapproved = approvalRefusal(run);
  if (unapproved) return finishDeployment(deps, run, record, 'error', unapproved);
  const provider = deps.providers[run.app.provider];
  if (!provider)
    return finishDeployment(deps, run, record, 'error', `provider ${run.app.provider} is not configured in heaven`);
  const plan = await provider.prepare(run);
  if ('refused' in plan) return finishDeployment(deps, run, record, 'error', plan.refused);
  if (!(await deps.store.claimTrigger(id))) return finishDeployment(deps, run, record, 'error', UNKNOWN_TRIGGER);
  let started: CiRun;
  try {
    started = await provider.trigger(run, plan.ref);
  } catch (e) {
    if (surelyNotStarted(e)) await deps.store.unclaimTrigger(id);
    throw e;
  }
  const newsCame = await deps.store.saveRun(id, started, deps.clock.now(), started.id ? [started.id] : []);
  record.run = started;
  record.startedAt = deps.clock.now();
  await postStatus(deps, run, record, {
    state: 'in_progress',
    description: startedDescription(provider, started),
    log_url: started.logUrl,
  });
  await trackReview(deps, run);
  // The CI's webhook may have come before this record (a fast CI, a slow heaven): look again at once.
  throw new RunAgainLater(
    newsCame ? 1 : deps.tunables.pollMs,
    newsCame ? 'CI started; its news already came' : 'CI started',
  );
}

/**
 * Another deployment runs: free a place held by one that is gone, say so once the wait is longer than
 * a few seconds, and look again later.
 */
async function waitForPlace(deps: RunDeps, run: RunContext, record: RunRecord, aheadId: number): Promise<never> {
  const ahead = await deps.store.read(aheadId);
  if (ahead && ahead.phase === 'done') await deps.store.clearRunner(run.line, aheadId);
  else if (!ahead || stale(ahead, deps)) await evict(deps, run.line, aheadId);
  // A wait shorter than a few seconds is not worth a GitHub write: in_progress would replace it unseen.
  const notYet = queuedStatusDelay(run.deployment.created_at, deps.clock.now(), deps.tunables.pollMaxMs);
  if (notYet > 0) throw new RunAgainLater(notYet, `waiting for deployment ${aheadId}`);
  await postStatus(deps, run, record, { state: 'queued', description: describeWaiting(aheadId, ahead?.ref) });
  // The deployment ahead wakes this one when it ends (finishDeployment → wakeNext); the look after
  // the longest poll interval only covers a wake lost to a crash. A short one would keep every
  // waiting deployment's job busy, and each heaven crash would count a stall against them.
  throw new RunAgainLater(deps.tunables.pollMaxMs, `waiting for deployment ${aheadId}`);
}

/** A runner that gave no sign of life for twice the watchdog is considered gone. */
function stale(record: RunRecord, deps: RunDeps): boolean {
  const last = record.progressAt ?? record.startedAt;
  return last !== null && deps.clock.now() - last > 2 * deps.tunables.watchdogMs;
}

async function evict(deps: RunDeps, line: string, id: number): Promise<void> {
  deps.log.warn(
    { line, deploymentId: id },
    'watchdog: the running deployment of this environment is gone; freeing its place',
  );
  await deps.store.clearRunner(line, id);
  await deps.store.leaveLine(id, line);
}

/**
 * The CI answered with a retryable error (5xx, 429) or refused the connection: nothing started, the claim
 * goes back.
 */
function surelyNotStarted(e: unknown): boolean {
  if (!(e instanceof BaseError) || !e.retryable) return false;
  const status = (e.context as { status?: number } | undefined)?.status;
  const code = (e.cause as { cause?: { code?: string } } | undefined)?.cause?.code ?? '';
  return status !== undefined || code === 'ECONNREFUSED';
}
