/**
 * How long a deployment waits for its place before heaven posts its `queued` status: one that
 * `in_progress` replaces sooner is never seen (the one ahead ended, the next started), and each status
 * is a GitHub write out of the budget every process shares (GITHUB_WRITES_PER_MINUTE).
 */
export const QUEUED_STATUS_AFTER_MS = 5_000;

/**
 * 0 when a waiting deployment's `queued` status is worth its write now (it was created at least
 * `QUEUED_STATUS_AFTER_MS` ago, never longer ago than the longest poll `pollMaxMs`; or its creation
 * time is unknown), else the milliseconds to that look (the one ahead wakes it sooner when it ends).
 * Pure.
 */
export function queuedStatusDelay(createdAt: string, nowMs: number, pollMaxMs: number): number {
  const after = Math.min(QUEUED_STATUS_AFTER_MS, pollMaxMs);
  const waited = nowMs - Date.parse(createdAt);
  if (!(waited < after)) return 0;
  return Math.max(1, Math.min(after - waited, pollMaxMs));
}
