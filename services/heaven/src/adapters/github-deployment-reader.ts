import type { Octokit } from '@octokit/rest';
import { createTtlCache, githubCall as call } from '@chatops/shared/runtime';
import type { DeploymentReader, GitHubDeployment, GitHubDeploymentStatus } from '../dashboard/deployment-reader.js';

/** How long the dashboard keeps what it read of a deployment. */
const CACHE_MS = 15_000;

/**
 * The dashboard's GitHub reads over the shared client (give it a short timeout and no retries: a
 * person waits for the page). Answers are cached 15 s per deployment, failures are not.
 */
export function createGitHubDeploymentReader(octokit: Octokit): DeploymentReader {
  const deployments = createTtlCache<GitHubDeployment | null>({ ttlMs: CACHE_MS, max: 1000 });
  const statuses = createTtlCache<GitHubDeploymentStatus[]>({ ttlMs: CACHE_MS, max: 1000 });
  const previous = createTtlCache<string | null>({ ttlMs: CACHE_MS, max: 1000 });
  const key = (repo: { owner: string; repo: string }, ...rest: Array<string | number>) =>
    [repo.owner, repo.repo, ...rest].join('/').toLowerCase();
  return {
    deployment: (repo, id) =>
      deployments.get(key(repo, id), async () => {
        const { data: d } = await call('get deployment', () =>
          octokit.rest.repos.getDeployment({ ...repo, deployment_id: id }),
        );
        return {
          id: d.id,
          sha: d.sha,
          ref: d.ref,
          task: d.task,
          environment: d.environment,
          createdAt: d.created_at,
          creator: d.creator?.login ?? null,
        };
      }),
    statuses: (repo, id) =>
      statuses.get(key(repo, id), async () => {
        const { data } = await call('list deployment statuses', () =>
          octokit.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: id, per_page: 100 }),
        );
        return data.map((s) => ({
          state: s.state,
          description: s.description ?? '',
          createdAt: s.created_at,
          creator: s.creator?.login ?? null,
          logUrl: s.log_url ?? s.target_url ?? null,
          environmentUrl: s.environment_url ?? null,
        }));
      }),
    previousSha: (repo, environment, id) =>
      previous.get(key(repo, environment, id), async () => {
        const { data } = await call('list deployments', () =>
          octokit.rest.repos.listDeployments({ ...repo, environment, per_page: 100 }),
        );
        const before = data.filter((d) => d.id < id).sort((a, b) => b.id - a.id)[0];
        return before?.sha ?? null;
      }),
  };
}
