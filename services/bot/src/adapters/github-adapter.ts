import { githubCall, githubMessage, toGitHubError } from '@chatops/shared/runtime';
import type { Octokit } from '@octokit/rest';
import type { Clock, CreateOutcome, DeploymentSummary, GitHubPort } from '../ports.js';

export type GitHubAdapterOptions = { defaultBranchTtlMs?: number; clock?: Clock };

/**
 * The bot's GitHub port over the shared client (`createGitHubClient`): deployments, their statuses,
 * the default branch (cached), a ref's commit and a comparison of two commits. Failures are mapped
 * by the shared `toGitHubError`.
 */
export function createGitHubAdapter(octokit: Octokit, options: GitHubAdapterOptions = {}): GitHubPort {
  const branches = new Map<string, { name: string; at: number }>();
  const ttl = options.defaultBranchTtlMs ?? 10 * 60_000;
  const clock = options.clock ?? { now: () => Date.now() };
  return {
    async defaultBranch(repository) {
      const cached = branches.get(repository);
      if (cached && clock.now() - cached.at < ttl) return cached.name;
      const { data } = await githubCall('repository lookup', () => octokit.rest.repos.get(split(repository)));
      branches.set(repository, { name: data.default_branch, at: clock.now() });
      return data.default_branch;
    },
    async commitSha(repository, ref) {
      const { data } = await githubCall('commit lookup', () =>
        octokit.rest.repos.getCommit({ ...split(repository), ref, per_page: 1 }),
      );
      return data.sha;
    },
    async compare(repository, base, head) {
      const { data } = await githubCall('commit comparison', () =>
        octokit.rest.repos.compareCommitsWithBasehead({ ...split(repository), basehead: `${base}...${head}` }),
      );
      return {
        htmlUrl: data.html_url,
        total: data.total_commits,
        commits: data.commits.map((c) => ({
          sha: c.sha,
          message: c.commit.message,
          author: c.author?.login ?? c.commit.author?.name ?? '',
        })),
      };
    },
    async reviewProtectionRule(repository, runId, review) {
      await githubCall('deployment protection rule review', () =>
        octokit.rest.actions.reviewCustomGatesForRun({ ...split(repository), run_id: runId, ...review }),
      );
    },
    async createDeployment(repository, request) {
      try {
        const res = await octokit.rest.repos.createDeployment({ ...split(repository), ...request });
        const data = res.data as { id?: number; sha?: string; message?: string };
        if (res.status === 202 || data.id === undefined) return { kind: 'merged', message: data.message ?? '' };
        return { kind: 'created', id: data.id, sha: data.sha ?? '' };
      } catch (e) {
        return refusal(e);
      }
    },
    async listDeployments(repository, filter) {
      const { data } = await githubCall('deployment list', () =>
        octokit.rest.repos.listDeployments({
          ...split(repository),
          ...(filter.environment ? { environment: filter.environment } : {}),
          per_page: filter.perPage,
        }),
      );
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
    },
    async listStatuses(repository, deploymentId) {
      const { data } = await githubCall('deployment status list', () =>
        octokit.rest.repos.listDeploymentStatuses({ ...split(repository), deployment_id: deploymentId, per_page: 100 }),
      );
      return data.map((s) => ({ state: s.state, created_at: s.created_at }));
    },
  };
}

function split(repository: string): { owner: string; repo: string } {
  const [owner, repo] = repository.split('/') as [string, string];
  return { owner, repo };
}

/** GitHub's final answers to a new deployment, as outcomes; anything passing (5xx, 429, network) is thrown. */
export function refusal(e: unknown): CreateOutcome {
  const status = (e as { status?: number }).status;
  const body = ((e as { response?: { data?: unknown } }).response?.data ?? {}) as {
    errors?: Array<{ contexts?: Array<{ context: string; state: string }> }>;
  };
  const message = githubMessage(e);
  switch (status) {
    case 409: {
      const contexts = (Array.isArray(body.errors) ? body.errors : []).flatMap((x) => x.contexts ?? []);
      if (contexts.length > 0 || /status checks/i.test(message)) return { kind: 'checks', contexts, message };
      return { kind: 'conflict', message };
    }
    case 401:
      return { kind: 'unauthorized', message };
    case 403:
      // A secondary rate limit is a 403 too: passing, the job runs again later.
      if (/rate limit/i.test(message)) throw toGitHubError(e, 'deployment creation');
      return { kind: 'forbidden', message };
    case 404:
      return { kind: 'unknown-repo', message };
    case 422:
      if (/no ref found|ref .* (does not exist|not found)/i.test(message)) return { kind: 'unknown-ref', message };
      if (/spammed|secondary rate/i.test(message)) throw toGitHubError(e, 'deployment creation');
      return { kind: 'invalid', message };
  }
  if (status !== undefined && status >= 400 && status < 500 && status !== 429 && status !== 408) {
    return { kind: 'invalid', message };
  }
  throw toGitHubError(e, 'deployment creation');
}
