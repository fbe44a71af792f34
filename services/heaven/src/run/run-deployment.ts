import { BaseError, type DeploymentJob } from '@chatops/shared/contracts';
import { RunAgainLater } from '@chatops/shared/runtime';
import type { RunRef } from '../ports.js';
import type { DeploymentRecord } from './deployment-store.js';
import { UNKNOWN_TRIGGER, describeLockRefusal, describeWaiting } from './describe.js';
import { cancelDescription, finishDeployment } from './finish-deployment.js';
import { followDeployment, startedDescription } from './follow-deployment.js';
import { postStatus, resolveRun, type RunContext, type RunDeps } from './run-context.js';

/**
 * One look at a deployment: join the line, wait for its turn, check the lock, trigger the CI once,
 * then follow it (each look ends by asking to be run again later, until the deployment ends).
 */
export async function runDeployment(job: DeploymentJob, deps: RunDeps): Promise<void> {
  const run = resolveRun(job, deps);
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
    if (e instanceof RunAgainLater || !(e instanceof BaseError) || e.retryable) throw e;
    const fresh = await deps.store.read(job.deployment.id);
    if (fresh?.run) await deps.providers[run.app.provider]?.cancel(fresh.run, run).catch(() => undefined);
    await finishDeployment(deps, run, record, 'error', e.message.replace(/^\[heaven\] /, ''));
  }
}

async function startDeployment(deps: RunDeps, run: RunContext, record: DeploymentRecord): Promise<void> {
  const id = run.deployment.id;
  if (record.cancel) return finishDeployment(deps, run, record, 'error', cancelDescription(record, false));
  const turn = await deps.store.tryStart(id, run.line);
  if (!turn.started) {
    const ahead = await deps.store.read(turn.ahead);
    if (ahead && ahead.phase === 'done') await deps.store.clearRunner(run.line, turn.ahead);
    else if (!ahead || stale(ahead, deps)) await evict(deps, run.line, turn.ahead);
    await postStatus(deps, run, record, { state: 'queued', description: describeWaiting(turn.ahead, ahead?.ref) });
    // The deployment ahead wakes this one when it ends (finishDeployment → wakeNext); the look after
    // the longest poll interval only covers a wake lost to a crash. A short one would keep every
    // waiting deployment's job busy, and each heaven crash would count a stall against them.
    throw new RunAgainLater(deps.tunables.pollMaxMs, `waiting for deployment ${turn.ahead}`);
  }
  const lock = await deps.locks.get(run.repository, run.configEnvironment);
  if (lock && lock.holder.slack_user_id !== run.chatops?.requester.slack_user_id) {
    return finishDeployment(deps, run, record, 'error', describeLockRefusal(lock, deps.clock.now()));
  }
  const provider = deps.providers[run.app.provider];
  if (!provider)
    return finishDeployment(deps, run, record, 'error', `provider ${run.app.provider} is not configured in heaven`);
  if (!(await deps.store.claimTrigger(id))) return finishDeployment(deps, run, record, 'error', UNKNOWN_TRIGGER);
  let started: RunRef;
  try {
    started = await provider.trigger(run);
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
  // The CI's webhook may have come before this record (a fast CI, a slow heaven): look again at once.
  throw new RunAgainLater(
    newsCame ? 1 : deps.tunables.pollMs,
    newsCame ? 'CI started; its news already came' : 'CI started',
  );
}

/** A runner that gave no sign of life for twice the watchdog is considered gone. */
function stale(record: DeploymentRecord, deps: RunDeps): boolean {
  const last = record.progressAt ?? record.startedAt;
  return last !== null && deps.clock.now() - last > 2 * deps.tunables.watchdogMs;
}

async function evict(deps: RunDeps, line: string, id: number): Promise<void> {
  deps.log.warn(
    { line, deploymentId: id },
    'watchdog: the running deployment of this environment is gone; freeing its turn',
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
