import { formatDuration } from '@chatops/shared/contracts';

/** How long ago an ISO time was, with the one duration formatter: "3m 05s ago", or "just now". Pure. */
export function timeAgo(fromIso: string, nowMs: number): string {
  const ms = nowMs - Date.parse(fromIso);
  if (!Number.isFinite(ms)) return 'at an unknown time';
  return ms < 1000 ? 'just now' : `${formatDuration(ms)} ago`;
}
