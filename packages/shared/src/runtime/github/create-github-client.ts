import { createAppAuth } from '@octokit/auth-app';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { Logger } from 'pino';
import { type GitHubWriteBudgetPluginOptions, githubWriteBudget } from './github-budget-plugin.js';
import { GITHUB_MAX_WAIT_IN_PLACE_S, githubRetry } from './github-retry.js';
import { githubWritePacing } from './github-write-pacing.js';
import { githubApiVersion, githubAppTokenRefresh } from './github-plugins.js';
import { githubTracing } from './github-tracing.js';

/** A token, or a GitHub App (its installation tokens are fetched and renewed by @octokit/auth-app). */
export type GitHubCredentials = { token: string } | { appId: string; privateKey: string; installationId: string };

export type GitHubClientOptions = {
  baseUrl: string;
  credentials: GitHubCredentials;
  /** Tries of a call that failed for a passing reason, in place (default 3). */
  retries?: number;
  /** One call's timeout, each try (default 10 s). */
  timeoutMs?: number;
  /** Least time between two writes of this process (default 1000 ms, as GitHub asks; 0: no pacing). */
  writeIntervalMs?: number;
  /**
   * The write budget shared by every process (`createGitHubWriteBudget`): when there is one, it paces
   * the writes instead of this process's own `writeIntervalMs` limiter; `onWrite` counts every write.
   */
  writeBudget?: GitHubWriteBudgetPluginOptions['writeBudget'];
  userAgent?: string;
  logger: Pick<Logger, 'debug' | 'warn'>;
  /** Tests: a fetch of their own. */
  fetch?: typeof fetch;
};

// Innermost first. Tracing: a client span per try (OpenTelemetry's rule for HTTP clients). The budget: it wraps
// each try of the retries, every one a write GitHub counts.
const ChatopsOctokit = Octokit.plugin(
  githubTracing,
  githubWriteBudget,
  githubRetry,
  throttling,
  githubApiVersion,
  githubAppTokenRefresh,
);

/**
 * The one GitHub client of chatops: an Octokit with a timeout on every call, retries of passing
 * failures (5xx, 429, network; never a 4xx such as 409, which is an answer), GitHub's pacing of writes,
 * the API version pinned, and one more try with a fresh installation token when GitHub answers 401 to a
 * GitHub App. Map its failures with `toGitHubError`.
 */
export function createGitHubClient(options: GitHubClientOptions): Octokit {
  const retries = options.retries ?? 3;
  const writeIntervalMs = options.writeIntervalMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const baseFetch = options.fetch ?? fetch;
  const auth =
    'token' in options.credentials
      ? { auth: options.credentials.token }
      : { authStrategy: createAppAuth, auth: { ...options.credentials } };
  const log = options.logger;
  return new ChatopsOctokit({
    ...auth,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: options.userAgent ?? 'chatops',
    request: {
      // @octokit/request has no timeout of its own: each try gets a signal that aborts it.
      fetch: (url: string | URL, init?: RequestInit) =>
        baseFetch(url, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) }),
    },
    retry: { enabled: retries > 0, retries },
    writeBudget: options.writeBudget,
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (m: string) => log.warn(m),
      // Octokit's request log writes every failed request at error, an expected 404 (is this ref a
      // branch?) included; the caller maps each failure (toGitHubError) and logs what it means.
      error: (m: string) => log.debug(m),
    },
    throttle: {
      enabled: writeIntervalMs > 0 && !options.writeBudget?.budget,
      write: githubWritePacing(writeIntervalMs),
      onRateLimit: (after: number, _o: unknown, _k: unknown, count: number) =>
        count < retries && after <= GITHUB_MAX_WAIT_IN_PLACE_S,
      onSecondaryRateLimit: (after: number, _o: unknown, _k: unknown, count: number) =>
        count < retries && after <= GITHUB_MAX_WAIT_IN_PLACE_S,
    },
  }) as unknown as Octokit;
}
