import { escapeMrkdwn, type EnvironmentLock } from '@chatops/shared/contracts';
import { timeAgo } from './time-ago.js';

/** Why someone else may not deploy to a locked environment. Pure. */
export function lockRefusal(lock: EnvironmentLock, nowMs: number): string {
  const reason = lock.reason ? `: "${escapeMrkdwn(lock.reason)}"` : '';
  return (
    `${escapeMrkdwn(lock.environment)} of ${escapeMrkdwn(lock.repository)} is locked by ` +
    `<@${lock.holder.slack_user_id}>${reason} (${timeAgo(lock.locked_at, nowMs)}). ` +
    'Only they may deploy there until it is unlocked.'
  );
}

/** One lock in a list. Pure. */
export function lockLine(lock: EnvironmentLock, nowMs: number): string {
  const reason = lock.reason ? ` "${escapeMrkdwn(lock.reason)}"` : '';
  return (
    `• ${escapeMrkdwn(lock.repository)} ${escapeMrkdwn(lock.environment)}: ` +
    `locked by <@${lock.holder.slack_user_id}>${reason}, ${timeAgo(lock.locked_at, nowMs)}`
  );
}
