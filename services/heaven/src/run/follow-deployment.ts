import { BaseError, formatDuration } from '@chatops/shared/contracts';
import { RunAgainLater } from '@chatops/shared/runtime';
import type { CiProvider, CiRun, Observation, RunRecord } from '../ports.js';
import { UNKNOWN_TRIGGER, startedDescription } from './describe.js';
import { cancelDescription, finishDeployment } from './finish-deployment.js';
import { postStatus } from './post-status.js';
import type { RunContext, RunDeps } from './run-context.js';

/** Delay before the next look: grows ×1.5 per look, up to the maximum. */
export function nextPollDelay(polls: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, Math.round(baseMs * 1.5 ** Math.min(polls, 20)));
}

type Follow = {
  deps: RunDeps;
  run: RunContext;
  record: RunRecord;
  provider: CiProvider;
  ciRun: CiRun;
  startedAt: number;
};

/** One look at a started CI run: cancel, timeout, watchdog, or its current state. */
export async function followDeployment(deps: RunDeps, run: RunContext, record: RunRecord): Promise<void> {
  const provider = deps.providers[run.app.provider];
  if (!record.run || !record.startedAt || !provider)
    return finishDeployment(deps, run, record, 'error', UNKNOWN_TRIGGER);
  const f: Follow = { deps, run, record, provider, ciRun: record.run, startedAt: record.startedAt };
  if (await stopIfAsked(f)) return;
  if (!record.lastStatus?.startsWith('in_progress|')) {
    // The in_progress status of the start was not posted (the post failed and the job was retried).
    await postStatus(deps, run, record, {
      state: 'in_progress',
      description: startedDescription(provider, f.ciRun),
      log_url: f.ciRun.logUrl,
    });
  }
  const obs = await observe(f);
  if (!obs) return;
  const elapsed = deps.clock.now() - f.startedAt;
  if (obs.phase === 'done') return finishDeployment(deps, run, record, obs.outcome, obs.description);
  if (obs.phase === 'pending' && elapsed > deps.tunables.startWatchdogMs) {
    await provider.cancel(f.ciRun, run).catch(() => undefined);
    return finishDeployment(
      deps,
      run,
      record,
      'error',
      `watchdog: ${provider.label} did not start within ${formatDuration(elapsed)}`,
    );
  }
  if (obs.phase !== 'pending' && worthPosting(record, obs.phase)) {
    await postStatus(deps, run, record, {
      state: 'in_progress',
      description: obs.description,
      log_url: f.ciRun.logUrl,
    });
  }
  throw new RunAgainLater(
    nextPollDelay(record.polls, deps.tunables.pollMs, deps.tunables.pollMaxMs),
    obs.description ?? obs.phase,
  );
}

/** A cancel request or the timeout stops the CI run and ends the deployment. */
async function stopIfAsked({ deps, run, record, provider, ciRun, startedAt }: Follow): Promise<boolean> {
  if (record.cancel) {
    await provider.cancel(ciRun, run);
    await finishDeployment(deps, run, record, 'error', cancelDescription(record, true));
    return true;
  }
  if (deps.clock.now() - startedAt > run.timeoutMs) {
    await provider.cancel(ciRun, run);
    await finishDeployment(
      deps,
      run,
      record,
      'error',
      `timed out after ${formatDuration(run.timeoutMs)}; the ${provider.label} run was cancelled`,
    );
    return true;
  }
  return false;
}

/** Asks the provider; a CI that keeps failing past the watchdog ends the deployment (null). */
async function observe(f: Follow): Promise<Observation | null> {
  const { deps, run, record, provider } = f;
  const now = deps.clock.now();
  let obs: Observation & { run?: CiRun };
  try {
    obs = await provider.observe(f.ciRun, run);
  } catch (e) {
    if (!(e instanceof BaseError) || !e.retryable) throw e;
    const silentMs = now - (record.progressAt ?? f.startedAt);
    if (silentMs <= deps.tunables.watchdogMs)
      throw new RunAgainLater(nextPollDelay(record.polls, deps.tunables.pollMs, deps.tunables.pollMaxMs), e.message);
    await finishDeployment(
      deps,
      run,
      record,
      'error',
      `watchdog: no answer from ${provider.label} for ${formatDuration(silentMs)} ` + `(${e.message})`,
    );
    return null;
  }
  await deps.store.progress(run.deployment.id, now);
  if (obs.run && (obs.run.id !== f.ciRun.id || obs.run.logUrl !== f.ciRun.logUrl)) {
    await deps.store.saveRun(run.deployment.id, obs.run, f.startedAt, obs.run.id ? [obs.run.id] : []);
    record.run = f.ciRun = obs.run;
  }
  return obs;
}

/**
 * A running CI keeps its first in_progress status; approvals, and the way back from them, and a new log
 * link are news.
 */
function worthPosting(record: RunRecord, phase: 'running' | 'on_hold'): boolean {
  const last = record.lastStatus ?? '';
  if (!last.startsWith('in_progress|') || !last.endsWith(`|${record.run?.logUrl ?? ''}`)) return true;
  return (phase === 'on_hold') !== last.includes('waiting for approval');
}
