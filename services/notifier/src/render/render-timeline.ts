import type { DeploymentView } from '../deployments/deployment-view.js';
import { escapeCut, formatBetween } from '@chatops/shared/contracts';

/** "requested 12:00 · queued +2.0 s · started +5.0 s · finished +1m 03s (ran 58 s)". */
export function renderTimeline(view: DeploymentView): string {
  const t = view.timeline;
  const requestedEpoch = Math.floor(Date.parse(t.requested) / 1000);
  const parts = [
    Number.isFinite(requestedEpoch)
      ? `requested <!date^${requestedEpoch}^{date_short_pretty} {time_secs}|${escapeCut(t.requested, 40)}>`
      : 'requested',
  ];
  const step = (label: string, at: string | undefined) => {
    const d = formatBetween(t.requested, at);
    if (d) parts.push(`${label} +${d}`);
  };
  step('queued', t.queued);
  step('started', t.started);
  step('finished', t.finished);
  const ran = formatBetween(t.started, t.finished);
  if (ran) parts[parts.length - 1] += ` (ran ${ran})`;
  return parts.join(' · ');
}

/** The time from the start (or the request) to the end, for the result reply. */
export function totalDuration(view: DeploymentView): string | null {
  return formatBetween(view.timeline.started ?? view.timeline.requested, view.timeline.finished);
}
