import { setTimeout as sleep } from 'node:timers/promises';

/** GitHub answers that another try cannot change: a 409 (failing checks, merge conflict) is an answer too. */
export const GITHUB_DO_NOT_RETRY: readonly number[] = [400, 401, 403, 404, 409, 410, 422, 451];

/**
 * The longest Retry-After (seconds) a GitHub call waits out in place, here and in the throttling
 * plugin's handlers; a longer one is left to the job, which runs again that much later with its
 * lock released.
 */
export const GITHUB_MAX_WAIT_IN_PLACE_S = 10;
const MAX_WAIT_IN_PLACE_MS = GITHUB_MAX_WAIT_IN_PLACE_S * 1000;

export type GithubRetryOptions = {
  retry?: {
    enabled?: boolean;
    /** Tries after the first (default 3). */
    retries?: number;
    /** Wait before try n+1 is n² × this (default 1000 ms: 1 s, 4 s, 9 s), or the answer's Retry-After if longer. */
    baseMs?: number;
  };
  /** The other Octokit options. */
  [option: string]: unknown;
};

// Octokit's own hook types are not imported here (shared does not depend on Octokit). Its `hook.wrap` is generic
// over each hook's option and result types, which no type written here matches: `never` arguments accept it, and
// `githubRetry` states the one hook it wraps, as `RequestWrap`.
type Hookable = { hook: { wrap: (...args: never[]) => void } };
type RequestWrap = {
  wrap(name: 'request', wrapper: (request: (options: unknown) => unknown, options: unknown) => Promise<unknown>): void;
};
type RequestError = { status?: number; request?: unknown; response?: { headers?: Record<string, string | undefined> } };

/**
 * Octokit plugin: a GitHub call that failed for a passing reason (a 5xx, a 429, a network error,
 * which Octokit reports as status 500) is tried again in place, with the policy of
 * `@octokit/plugin-retry`. That plugin runs every request through a new Bottleneck limiter, whose
 * timer-based scheduling added 5 to 6 ms to each call (measured: p50 1.7 → 6.8 to 7.9 ms against
 * a local server); this one adds nothing to a call that succeeds.
 */
export function githubRetry(octokit: Hookable, options: GithubRetryOptions): void {
  const { enabled = true, retries = 3, baseMs = 1000 } = options.retry ?? {};
  if (!enabled || retries <= 0) return;
  const hook = octokit.hook as RequestWrap;
  hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await request(requestOptions);
      } catch (e) {
        const error = e as RequestError;
        const status = error.status;
        const passing =
          error.request !== undefined &&
          typeof status === 'number' &&
          status >= 400 &&
          !GITHUB_DO_NOT_RETRY.includes(status);
        if (!passing || attempt >= retries) throw e;
        // A longer Retry-After than a short wait is left to the job (it runs again later, lock released).
        const retryAfterMs = Number(error.response?.headers?.['retry-after']) * 1000 || 0;
        if (retryAfterMs > MAX_WAIT_IN_PLACE_MS) throw e;
        await sleep(Math.max((attempt + 1) ** 2 * baseMs, retryAfterMs));
      }
    }
  });
}
