import type { Reply } from './fake-server.js';
import { githubError } from './github-contract.js';

/**
 * GitHub's secondary limits on writes (POST, PATCH, PUT, DELETE) of one identity, as the fake enforces
 * them when asked: at most `concurrentWrites` at once, at most `perMinute` in any 60 s, and (stricter
 * than GitHub, which only asks for it) none less than `minIntervalMs` after the one before.
 */
export type GitHubSecondaryLimits = { concurrentWrites?: number; perMinute?: number; minIntervalMs?: number };

const DOCS = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits';

/**
 * Whether a write arriving `at` (ms), with `inFlight` writes being answered (itself included) and the
 * arrival times of the writes before it, breaks a limit: GitHub's answer then (403, "secondary rate
 * limit", Retry-After 60), else null.
 */
export function secondaryLimitAnswer(
  limits: GitHubSecondaryLimits,
  at: number,
  inFlight: number,
  earlier: number[],
): Reply | null {
  const last = earlier.at(-1);
  const broken =
    (limits.concurrentWrites !== undefined && inFlight > limits.concurrentWrites) ||
    (limits.minIntervalMs !== undefined && last !== undefined && at - last < limits.minIntervalMs) ||
    (limits.perMinute !== undefined && earlier.filter((t) => t > at - 60_000).length >= limits.perMinute);
  if (!broken) return null;
  const reply = githubError(
    403,
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    DOCS,
  );
  return { ...reply, headers: { 'retry-after': '60' } };
}
