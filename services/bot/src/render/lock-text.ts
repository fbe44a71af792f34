import { escapeMrkdwn, formatDuration, type EnvironmentLock, type LockWaiter } from '@chatops/shared/contracts';
import { timeAgo } from './time-ago.js';

/** What the texts name: the app and environment as the config names them. */
export type LockPlace = { app: string; environment: string };

const where = (p: LockPlace) => `${escapeMrkdwn(p.app)} ${escapeMrkdwn(p.environment)}`;
const unlockHint = (p: LockPlace) => `\`unlock ${where(p)}\``;
const quoted = (reason: string) => (reason ? `"${escapeMrkdwn(reason)}"` : '');

/** "ends in 7h 55m", or "its time is up" once its end has passed (its timer is about to end it). Pure. */
function endsIn(lock: EnvironmentLock, nowMs: number): string | null {
  if (!lock.expires_at) return null;
  const left = Date.parse(lock.expires_at) - nowMs;
  return left > 0 ? `ends in ${formatDuration(left)}` : 'its time is up';
}

/** Why someone else may not deploy to a locked environment. Pure. */
export function lockRefusal(lock: EnvironmentLock, nowMs: number): string {
  const reason = lock.reason ? `: ${quoted(lock.reason)}` : '';
  const end = endsIn(lock, nowMs);
  return (
    `${escapeMrkdwn(lock.environment)} of ${escapeMrkdwn(lock.repository)} is locked by ` +
    `<@${lock.holder.slack_user_id}>${reason} (${timeAgo(lock.locked_at, nowMs)}). ` +
    `Only they may deploy there until it is unlocked${end ? ` (it ${end})` : ''}.`
  );
}

/** One lock in a list: holder, reason, since, end. Pure. */
export function lockLine(lock: EnvironmentLock, nowMs: number): string {
  const reason = lock.reason ? ` ${quoted(lock.reason)}` : '';
  const end = endsIn(lock, nowMs);
  return (
    `• ${escapeMrkdwn(lock.repository)} ${escapeMrkdwn(lock.environment)}: ` +
    `locked by <@${lock.holder.slack_user_id}>${reason}, ${timeAgo(lock.locked_at, nowMs)}${end ? `, ${end}` : ''}`
  );
}

/** The waiting list of a lock, in order, under its lock in a list. Pure. */
export function waitingListLine(waiting: LockWaiter[]): string {
  return `   waiting: ${waiting.map((w, i) => `${i + 1}. <@${w.holder.slack_user_id}>`).join(', ')}`;
}

/** The channel is told: a lock taken, for how long, and whether it was cut to the environment's maximum. Pure. */
export function lockedText(
  p: LockPlace,
  lock: EnvironmentLock,
  length: { ms: number; cut: boolean; askedMs?: number },
): string {
  const why = lock.reason ? ` (${escapeMrkdwn(lock.reason)})` : '';
  const cut =
    length.cut && length.askedMs
      ? ` (${formatDuration(length.askedMs)} was asked; ${formatDuration(length.ms)} is the most here)`
      : '';
  return (
    `<@${lock.holder.slack_user_id}> locked ${where(p)}${why} for ${formatDuration(length.ms)}${cut}. ` +
    `Others cannot deploy there until ${unlockHint(p)} or the time is up.`
  );
}

/** The holder locks again. Pure. */
export function holdingText(p: LockPlace, lock: EnvironmentLock, nowMs: number): string {
  const end = endsIn(lock, nowMs);
  return `You already hold the lock on ${where(p)}${end ? `; it ${end}` : ''}.`;
}

/** A person put in the waiting list (or already in it: `joined` false). Pure. */
export function waitingText(
  p: LockPlace,
  current: EnvironmentLock,
  place: number,
  joined: boolean,
  nowMs: number,
): string {
  const leave = `${unlockHint(p)} takes you off the waiting list.`;
  if (!joined) return `You are already number ${place} on the waiting list for ${where(p)}. ${leave}`;
  const about = [quoted(current.reason), endsIn(current, nowMs)].filter(Boolean).join(', ');
  return (
    `${where(p)} is locked by <@${current.holder.slack_user_id}>${about ? ` (${about})` : ''}. ` +
    `You are number ${place} on the waiting list: I will mention you when the lock is yours. ${leave}`
  );
}

/** The waiting list is full. Pure. */
export function waitingFullText(p: LockPlace, current: EnvironmentLock, waiting: number): string {
  return (
    `${where(p)} is locked by <@${current.holder.slack_user_id}> and ${waiting} people are waiting for it, ` +
    'as many as may. Try again later.'
  );
}

/** The new holder is told the lock is theirs. Pure. */
function handOverText(p: LockPlace, next: EnvironmentLock, nowMs: number): string {
  const why = next.reason ? ` (${escapeMrkdwn(next.reason)})` : '';
  const end = endsIn(next, nowMs);
  return (
    `<@${next.holder.slack_user_id}>, it is your turn: you hold the lock on ${where(p)} now${why}` +
    `${end ? ` and it ${end}` : ''}. ${unlockHint(p)} when you are done.`
  );
}

/** The channel is told of an unlock: by whom, an override, and who holds it now. Pure. */
export function unlockedText(
  p: LockPlace,
  by: string,
  ended: EnvironmentLock,
  next: EnvironmentLock | null,
  nowMs: number,
): string {
  const override =
    ended.holder.slack_user_id !== by ? ` <@${ended.holder.slack_user_id}>, your lock was overridden.` : '';
  return `<@${by}> unlocked ${where(p)}.${override}${next ? ` ${handOverText(p, next, nowMs)}` : ''}`;
}

/** A lock whose time is up: its end, and who holds it now. Pure. */
export function expiredText(
  p: LockPlace,
  ended: { holder: { slack_user_id: string }; locked_at: string },
  endedAtMs: number,
  next: EnvironmentLock | null,
): string {
  const held = formatDuration(endedAtMs - Date.parse(ended.locked_at));
  const first = `The lock of <@${ended.holder.slack_user_id}> on ${where(p)} has ended (held ${held}).`;
  return next ? `${first} ${handOverText(p, next, endedAtMs)}` : `${first} Anyone may deploy there again.`;
}

const waitingNote = (waiting: number) =>
  waiting === 0
    ? 'Nobody is waiting for it.'
    : `${waiting} ${waiting === 1 ? 'person is' : 'people are'} waiting for it.`;

/** The holder is reminded of the end. Pure. */
export function reminderText(p: LockPlace, lock: EnvironmentLock, waiting: number, nowMs: number): string {
  const keep = waiting === 0 ? ' To keep it longer, lock it again once it has ended.' : '';
  const end = endsIn(lock, nowMs) ?? 'ends soon';
  return `<@${lock.holder.slack_user_id}>, your lock on ${where(p)} ${end}. ${waitingNote(waiting)}${keep}`;
}

/** The holder is nagged, once, after holding it long. Pure. */
export function nagText(p: LockPlace, lock: EnvironmentLock, waiting: number, nowMs: number): string {
  return (
    `<@${lock.holder.slack_user_id}>, you have held the lock on ${where(p)} for ` +
    `${formatDuration(nowMs - Date.parse(lock.locked_at))}. ${waitingNote(waiting)} ` +
    `If you are done, ${unlockHint(p)} lets others deploy.`
  );
}
