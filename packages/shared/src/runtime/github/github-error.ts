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
 * The one mapping of an Octokit failure: a network error, a 5xx, a 408 or a 429 is retryable (a
 * 429's Retry-After becomes `retryAfterMs`, so the job is delayed as asked); every other answer is
 * final. A 401 names the cause, GitHub refusing the credentials, never the request.
 */
export function toGitHubError(e: unknown, what: string): ExternalApiError {
  const failure = e as OctokitFailure;
  const status = typeof failure.status === 'number' && failure.status > 0 ? failure.status : undefined;
  const retryAfter = Number(failure.response?.headers?.['retry-after']);
  const reason =
    status === 401
      ? "GitHub refused the bot's credentials (401): check GITHUB_TOKEN or the GitHub App's key and installation"
      : `GitHub ${what} failed${status ? ` (${status})` : ''}: ${githubMessage(e)}`;
  return new ExternalApiError('github', reason, {
    status,
    retryable: status === undefined || isRetryableStatus(status),
    retryAfterMs: status === 429 && retryAfter > 0 ? retryAfter * 1000 : undefined,
    cause: e,
  });
}

/** Runs one GitHub call and maps its failure (`what` names the call in the message). */
export async function githubCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toGitHubError(e, what);
  }
}
