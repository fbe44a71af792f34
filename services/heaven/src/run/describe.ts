import type { EnvironmentLock } from '@chatops/shared/contracts';

/** GitHub refuses deployment status descriptions longer than 140 characters. */
export function clip(text: string, max = 140): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** "300 ms", "45s", "12 min", "3 h 5 min", "2 d 4 h". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

export function describeLockRefusal(lock: EnvironmentLock, nowMs: number): string {
  const age = formatDuration(nowMs - Date.parse(lock.locked_at));
  const reason = lock.reason ? `: ${lock.reason}` : ' (no reason given)';
  return clip(`${lock.environment} is locked by ${lock.holder.name || lock.holder.slack_user_id} ${age} ago${reason}`);
}

export function describeWaiting(aheadId: number, aheadRef: string | undefined): string {
  return clip(`waiting for deployment #${aheadId}${aheadRef ? ` (${aheadRef})` : ''} to finish`);
}

export const UNKNOWN_TRIGGER =
  'heaven stopped while starting the CI and cannot tell whether it started; check the CI before deploying again';
