import { BaseError, RunAgainLater } from '@chatops/shared';
import type { DeploymentRecord } from './deployment-store.js';
import { UNKNOWN_TRIGGER, formatDuration } from './describe.js';
import { cancelDescription, finishDeployment } from './finish-deployment.js';
import { postStatus, type RunContext, type RunDeps } from './run-context.js';

/** Delay before the next look: grows ×1.5 per look, up to the maximum. */
export function nextPollDelay(polls: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, Math.round(baseMs * 1.5 ** Math.min(polls, 20)));
}

/** One look at a started CI run: cancel, timeout, watchdog, or its current state. */
export async function followDeployment(deps: RunDeps, run: RunContext, record: DeploymentRecord): Promise<void> {
  const provider = deps.providers[run.app.provider];
  if (!record.run || !record.startedAt || !provider) return finishDeployment(deps, run, record, 'error', UNKNOWN_TRIGGER);
  const ciRun = record.run;
  const now = deps.clock.now();
  const elapsed = now - record.startedAt;
  if (record.cancel) {
    await provider.cancel(ciRun, run);
    return finishDeployment(deps, run, record, 'error', cancelDescription(record, true));
  }
  if (elapsed > run.timeoutMs) {
    await provider.cancel(ciRun, run);
    return finishDeployment(deps, run, record, 'error', `timed out after ${formatDuration(run.timeoutMs)}; the ${provider.label} run was cancelled`);
  }
  let obs;
  try {
    obs = await provider.observe(ciRun, run);
  } catch (e) {
    if (!(e instanceof BaseError) || !e.retryable) throw e;
    const silentMs = now - (record.progressAt ?? record.startedAt);
    if (silentMs > deps.tunables.watchdogMs) {
      return finishDeployment(deps, run, record, 'error', `watchdog: no answer from ${provider.label} for ${formatDuration(silentMs)} (${e.message.replace(/^\[heaven\] /, '')})`);
    }
    throw new RunAgainLater(nextPollDelay(record.polls, deps.tunables.pollMs, deps.tunables.pollMaxMs), e.message);
  }
  await deps.store.progress(run.deployment.id, now);
  if (obs.run && (obs.run.id !== ciRun.id || obs.run.logUrl !== ciRun.logUrl)) {
    await deps.store.saveRun(run.deployment.id, obs.run, record.startedAt, obs.run.id ? [obs.run.id] : []);
    record.run = obs.run;
  }
  if (obs.phase === 'done') return finishDeployment(deps, run, record, obs.outcome, obs.description);
  if (obs.phase === 'pending' && elapsed > deps.tunables.startWatchdogMs) {
    await provider.cancel(record.run, run).catch(() => undefined);
    return finishDeployment(deps, run, record, 'error', `watchdog: ${provider.label} did not start within ${formatDuration(elapsed)}`);
  }
  if (obs.phase !== 'pending' && worthPosting(record, obs.phase)) {
    await postStatus(deps, run, record, { state: 'in_progress', description: obs.description, log_url: record.run.logUrl });
  }
  throw new RunAgainLater(nextPollDelay(record.polls, deps.tunables.pollMs, deps.tunables.pollMaxMs), obs.description ?? obs.phase);
}

/** A running CI keeps its first in_progress status; approvals, and the way back from them, and a new log link are news. */
function worthPosting(record: DeploymentRecord, phase: 'running' | 'on_hold'): boolean {
  const last = record.lastStatus ?? '';
  if (!last.startsWith('in_progress|') || !last.endsWith(`|${record.run?.logUrl ?? ''}`)) return true;
  return (phase === 'on_hold') !== last.includes('waiting for approval');
}
