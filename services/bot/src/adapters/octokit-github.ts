import { ExternalApiError, isRetryableStatus } from '@chatops/shared/contracts';
import { GITHUB_MAX_WAIT_IN_PLACE_S, githubRetry, githubWritePacing } from '@chatops/shared/runtime';
import { createAppAuth } from '@octokit/auth-app';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { CreateOutcome, DeploymentSummary, GitHubPort } from '../ports.js';

export type GitHubAuth = { token: string } | { appId: string; privateKey: string; installationId?: number };
export type OctokitGitHubOptions = {
  baseUrl: string;
  auth: GitHubAuth;
  retries?: number;
  timeoutMs?: number;
  defaultBranchTtlMs?: number;
  /** GitHub's pacing of writes (one a second); tests turn it off. */
  throttle?: boolean;
  /**
   * Least time between two GitHub writes of this process (GitHub asks for 1000 ms; 0: no pacing and no throttling
   * plugin).
   */
  writeIntervalMs?: number;
  log?: { warn(msg: string): void; error(msg: string): void };
};

const RetryingOctokit = Octokit.plugin(githubRetry, throttling);

export function createOctokit(options: OctokitGitHubOptions): Octokit {
  const retries = options.retries ?? 3;
  const auth =
    'token' in options.auth ? { auth: options.auth.token } : { authStrategy: createAppAuth, auth: { ...options.auth } };
  return new RetryingOctokit({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...auth,
    userAgent: 'chatops-bot',
    request: { retries, timeout: options.timeoutMs ?? 10_000 },
    retry: { enabled: retries > 0, retries },
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (m: string) => options.log?.warn(m),
      error: (m: string) => options.log?.error(m),
    },
    throttle: {
      enabled: (options.throttle ?? true) && (options.writeIntervalMs ?? 1000) > 0,
      write: githubWritePacing(options.writeIntervalMs ?? 1000),
      onRateLimit: (after: number, _o: unknown, _k: unknown, count: number) =>
        count < retries && after <= GITHUB_MAX_WAIT_IN_PLACE_S,
      onSecondaryRateLimit: (after: number, _o: unknown, _k: unknown, count: number) =>
        count < retries && after <= GITHUB_MAX_WAIT_IN_PLACE_S,
    },
  }) as unknown as Octokit;
}

/** Maps an Octokit failure: network, 5xx and 429 are retryable ExternalApiErrors; others are returned. */
export function toApiError(e: unknown): ExternalApiError {
  const status = (e as { status?: number }).status;
  const headers = (e as { response?: { headers?: Record<string, string> } }).response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  const retryable = status === undefined || isRetryableStatus(status);
  return new ExternalApiError('github', `[bot] GitHub: ${(e as Error).message.split('\n')[0]}`, {
    status,
    retryable,
    retryAfterMs: status === 429 && retryAfter > 0 ? retryAfter * 1000 : undefined,
    cause: e,
  });
}

/** The GitHub REST API for the bot: deployments, their statuses, and the default branch (cached). */
export function createOctokitGitHub(
  options: OctokitGitHubOptions,
  octokit: Octokit = createOctokit(options),
): GitHubPort {
  const branches = new Map<string, { name: string; at: number }>();
  const ttl = options.defaultBranchTtlMs ?? 10 * 60_000;
  const split = (repository: string) => {
    const [owner, repo] = repository.split('/') as [string, string];
    return { owner, repo };
  };
  return {
    async defaultBranch(repository) {
      const cached = branches.get(repository);
      if (cached && Date.now() - cached.at < ttl) return cached.name;
      try {
        const { data } = await octokit.rest.repos.get(split(repository));
        branches.set(repository, { name: data.default_branch, at: Date.now() });
        return data.default_branch;
      } catch (e) {
        throw toApiError(e);
      }
    },
    async createDeployment(repository, request) {
      try {
        const res = await octokit.rest.repos.createDeployment({ ...split(repository), ...request });
        const data = res.data as { id?: number; sha?: string; message?: string };
        if (res.status === 202 || data.id === undefined)
          return { kind: 'merged', message: data.message ?? 'auto-merged' };
        return { kind: 'created', id: data.id, sha: data.sha ?? '' };
      } catch (e) {
        return refusal(e);
      }
    },
    async listDeployments(repository, filter) {
      try {
        const { data } = await octokit.rest.repos.listDeployments({
          ...split(repository),
          environment: filter.environment,
          per_page: filter.perPage,
        });
        return data.map(
          (d): DeploymentSummary => ({
            id: d.id,
            sha: d.sha,
            ref: d.ref,
            task: d.task,
            environment: d.environment,
            created_at: d.created_at,
            creator: d.creator?.login ?? null,
            payload: d.payload,
          }),
        );
      } catch (e) {
        throw toApiError(e);
      }
    },
    async listStatuses(repository, deploymentId) {
      try {
        const { data } = await octokit.rest.repos.listDeploymentStatuses({
          ...split(repository),
          deployment_id: deploymentId,
          per_page: 100,
        });
        return data.map((s) => ({ state: s.state, created_at: s.created_at }));
      } catch (e) {
        throw toApiError(e);
      }
    },
  };
}

/** GitHub's 4xx answers to a deployment, as outcomes; anything transient is thrown. */
function refusal(e: unknown): CreateOutcome {
  const status = (e as { status?: number }).status;
  const body = ((e as { response?: { data?: unknown } }).response?.data ?? {}) as {
    message?: string;
    errors?: Array<{ contexts?: Array<{ context: string; state: string }> }>;
  };
  const message = body.message ?? (e as Error).message;
  if (status === 409) {
    const contexts = (body.errors ?? []).flatMap((x) => x.contexts ?? []);
    if (contexts.length > 0 || /status checks/i.test(message)) return { kind: 'checks', contexts, message };
    return { kind: 'conflict', message };
  }
  if (status === 404) return { kind: 'unknown-repo', message };
  if (status === 422 && /no ref found|ref .* (does not exist|not found)/i.test(message))
    return { kind: 'unknown-ref', message };
  if (status === 422 && /spammed|secondary rate/i.test(message)) throw toApiError(e);
  if (status !== undefined && status >= 400 && status < 500 && status !== 429 && status !== 408)
    return { kind: 'invalid', message };
  throw toApiError(e);
}
