import { isLock, lockInForce, type EnvironmentLock, type LockTimerJob } from '@chatops/shared/contracts';
import { RunAgainLater, type Logger } from '@chatops/shared/runtime';
import type { CommandDeps } from './command-context.js';
import { postLockMessage, scheduleLockTimers } from './lock-messages.js';
import { expiredText, nagText, reminderText, type LockPlace } from '../render/lock-text.js';

/**
 * One timer of a lock (`jobKey`: its job id). It acts only on the lock it names: one unlocked, or
 * taken again since, is another lock, and the timer does nothing. `remind` and `nag` post once in
 * the lock's channel; `expire` ends the lock and hands it to the first on the waiting list (its timers start),
 * telling the channel. A retried `expire` that finds its hand-over done finishes telling it.
 */
export async function runLockTimer(deps: CommandDeps, job: LockTimerJob, jobKey: string, log: Logger): Promise<void> {
  const id = { slack_user_id: job.holder, locked_at: job.locked_at };
  const place: LockPlace = { app: job.app, environment: job.environment };
  const lock = await deps.locks.peek(job.repository, job.environment);
  const now = deps.clock.now();
  if (job.kind === 'expire') return expire(deps, job, jobKey, log, lock);
  if (!lock || !isLock(lock, id) || !lockInForce(lock, now)) return;
  const waiting = (await deps.locks.waiting(job.repository, job.environment)).length;
  const text = job.kind === 'remind' ? reminderText(place, lock, waiting, now) : nagText(place, lock, waiting, now);
  await postLockMessage(deps, log, jobKey, { ...place, channel: lock.channel }, text);
}

async function expire(
  deps: CommandDeps,
  job: LockTimerJob,
  jobKey: string,
  log: Logger,
  lock: EnvironmentLock | null,
): Promise<void> {
  const place: LockPlace = { app: job.app, environment: job.environment };
  const id = { slack_user_id: job.holder, locked_at: job.locked_at };
  if (!lock || !isLock(lock, id)) {
    if (lock?.previous?.ended_by === jobKey) return handedOver(deps, log, place, jobKey, lock.previous, lock);
    return;
  }
  const end = lock.expires_at ? Date.parse(lock.expires_at) : Number.NaN;
  if (!Number.isFinite(end)) return;
  const now = deps.clock.now();
  // A clock a little behind the one that scheduled it: the lock ends at its time, not before.
  if (now < end) throw new RunAgainLater(end - now, 'the lock has not ended yet');
  const result = await deps.locks.handOver(job.repository, job.environment, id, jobKey);
  if (!result.ended) return;
  return handedOver(deps, log, place, jobKey, lock, result.next);
}

async function handedOver(
  deps: CommandDeps,
  log: Logger,
  place: LockPlace,
  jobKey: string,
  ended: { holder: { slack_user_id: string }; locked_at: string; channel?: string },
  next: EnvironmentLock | null,
): Promise<void> {
  if (next) await scheduleLockTimers(deps, place.app, next);
  const endedAt = next ? Date.parse(next.locked_at) : deps.clock.now();
  const channel = next?.channel ?? ended.channel;
  await postLockMessage(deps, log, jobKey, { ...place, channel }, expiredText(place, ended, endedAt, next));
}
