import { ExternalApiError, isRetryableStatus } from '../../contracts/errors.js';

type OctokitFailure = {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
};

/** GitHub's own message of a refusal (`{"message": …}`), first line only, or the error's. */
export function githubMessage(e: unknown): string {
  const failure = e as OctokitFailure;
  const data = failure.response?.data as { message?: unknown } | undefined;
  const message = typeof data?.message === 'string' ? data.message : (failure.message ?? String(e));
  return message.split('\n')[0] ?? '';
}

/**
 * The one mapping of an Octokit failure: a network error, a 5xx, a 408, a 429 or a rate limit is
 * retryable (GitHub's wait, a Retry-After or the rate limit's reset, becomes `retryAfterMs`, so the
 * job is delayed as asked); every other answer is final. A 401 names the cause, GitHub refusing the
 * credentials, never the request.
 */
export function toGitHubError(e: unknown, what: string): ExternalApiError {
  // Already mapped: the write budget had no slot soon enough (its retryAfterMs stays).
  if (e instanceof ExternalApiError) return e;
  const failure = e as OctokitFailure;
  const status = typeof failure.status === 'number' && failure.status > 0 ? failure.status : undefined;
  const limit = githubRateLimit(status, failure.response?.headers ?? {}, githubMessage(e));
  const reason =
    status === 401
      ? "GitHub refused chatops' credentials (401): check GITHUB_TOKEN or the GitHub App's key and installation"
      : `GitHub ${what} failed${status ? ` (${status})` : ''}: ${githubMessage(e)}`;
  return new ExternalApiError('github', reason, {
    status,
    retryable: status === undefined || isRetryableStatus(status) || limit.limited,
    retryAfterMs: limit.waitMs,
    cause: e,
  });
}

/** GitHub's own advice for a secondary limit without a Retry-After: wait at least a minute. */
const SECONDARY_LIMIT_WAIT_MS = 60_000;

/**
 * Whether an answer is one of GitHub's rate limits, and the wait it asks for. GitHub answers a rate
 * limit with a 429 or a 403 (a 422 "was spammed" for content creation): with a Retry-After (secondary
 * limits, in seconds), or with `x-ratelimit-remaining: 0` and `x-ratelimit-reset` (the primary limit,
 * epoch seconds); a secondary limit without either waits a minute. `fallbackMs` is the wait of a
 * limit that names none (GitHub's advice: at least a minute), for the shared write budget's pause.
 */
export function githubRateLimit(
  status: number | undefined,
  headers: Record<string, string | undefined>,
  message: string,
): { limited: boolean; waitMs?: number; fallbackMs: number } {
  const fallbackMs = SECONDARY_LIMIT_WAIT_MS;
  const secondary = /secondary rate|spammed/i.test(message);
  if (status === 422 && !secondary) return { limited: false, fallbackMs };
  if (status !== 403 && status !== 429 && status !== 422) return { limited: false, fallbackMs };
  const retryAfter = Number(headers['retry-after']);
  if (retryAfter > 0) return { limited: true, waitMs: retryAfter * 1000, fallbackMs };
  if (headers['x-ratelimit-remaining'] === '0') {
    const untilReset = Number(headers['x-ratelimit-reset']) * 1000 - Date.now();
    const waitMs = Number.isFinite(untilReset) ? Math.max(1000, Math.ceil(untilReset)) : undefined;
    return { limited: true, waitMs, fallbackMs };
  }
  if (secondary) return { limited: true, waitMs: SECONDARY_LIMIT_WAIT_MS, fallbackMs };
  return { limited: status === 429 || /\brate limit/i.test(message), fallbackMs };
}

/** Runs one GitHub call and maps its failure (`what` names the call in the message). */
export async function githubCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toGitHubError(e, what);
  }
}
