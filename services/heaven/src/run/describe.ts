import { formatDuration, formatZoned, type EnvironmentLock, type FreezeVerdict } from '@chatops/shared/contracts';
import type { CiProvider, CiRun } from '../ports.js';

/** GitHub refuses deployment status descriptions longer than 140 characters. */
export function clip(text: string, max = 140): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

export function describeLockRefusal(lock: EnvironmentLock, nowMs: number): string {
  const age = formatDuration(nowMs - Date.parse(lock.locked_at));
  const reason = lock.reason ? `: ${lock.reason}` : ' (no reason given)';
  return clip(`${lock.environment} is locked by ${lock.holder.name || lock.holder.slack_user_id} ${age} ago${reason}`);
}

/** A deployment refused by a freeze: until when first (it survives the cut), then why. */
export function describeFreezeRefusal(environment: string, verdict: Extract<FreezeVerdict, { frozen: true }>): string {
  return clip(`${environment} is frozen until ${formatZoned(verdict.until, verdict.by.zone)}: ${verdict.by.reason}`);
}

export function describeWaiting(aheadId: number, aheadRef: string | undefined): string {
  return clip(`waiting for deployment #${aheadId}${aheadRef ? ` (${aheadRef})` : ''} to finish`);
}

export const UNKNOWN_TRIGGER =
  'heaven stopped while starting the CI and cannot tell whether it started; check the CI before deploying again';

export const startedDescription = (provider: Pick<CiProvider, 'label'>, run: Pick<CiRun, 'number'>): string =>
  `${provider.label} started${run.number ? ` pipeline #${run.number}` : ''}`;
