import type { Octokit } from '@octokit/rest';
import { createTtlCache, githubCall as call, toGitHubError } from '@chatops/shared/runtime';
import type { GitHubPort, RefKind, Repo } from '../ports.js';
import { createGitHubActionsAdapter } from './github-actions-adapter.js';

/**
 * heaven's GitHub port over the shared client (`createGitHubClient`: timeout, retries, pacing, API
 * version, a new installation token on a 401): deployments and their statuses, branches and tags,
 * commit checks, and the Actions calls (github-actions-adapter.ts). Failures are mapped by the
 * shared `toGitHubError`.
 */
export function createGitHubAdapter(octokit: Octokit): GitHubPort {
  const refKinds = createTtlCache<RefKind>({ ttlMs: 5 * 60_000, keep: (kind) => kind !== 'commit' });
  return {
    async createStatus(repo, deploymentId, status) {
      await call('deployment status', () =>
        octokit.rest.repos.createDeploymentStatus({ ...repo, deployment_id: deploymentId, ...status }),
      );
    },
    async latestStatus(repo, deploymentId) {
      const res = await call('list deployment statuses', () =>
        octokit.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: deploymentId, per_page: 1 }),
      );
      const s = res.data[0];
      return s ? { state: s.state, description: s.description ?? '' } : null;
    },
    async listDeployments(repo, environment, perPage) {
      const res = await call('list deployments', () =>
        octokit.rest.repos.listDeployments({ ...repo, environment, per_page: perPage }),
      );
      return res.data.map((d) => ({ id: d.id, sha: d.sha, task: d.task }));
    },
    async createDeployment(repo, input) {
      const res = await call('create deployment', () =>
        octokit.rest.repos.createDeployment({
          ...repo,
          ref: input.ref,
          environment: input.environment,
          description: input.description,
          task: input.task,
          auto_merge: false,
          required_contexts: [],
          transient_environment: input.transient,
          production_environment: input.production,
        }),
      );
      return 'id' in res.data ? res.data.id : null;
    },
    async deleteEnvironment(repo, environment) {
      try {
        await octokit.rest.repos.deleteAnEnvironment({ ...repo, environment_name: environment });
        return 'deleted';
      } catch (e) {
        const status = (e as { status?: number }).status;
        if (status === 404) return 'deleted';
        if (status === 403) return 'forbidden';
        throw toGitHubError(e, 'delete environment');
      }
    },
    defaultBranch: (repo) => defaultBranch(octokit, repo),
    async defaultBranchHead(repo) {
      const branch = await defaultBranch(octokit, repo);
      const b = await call('get branch', () => octokit.rest.repos.getBranch({ ...repo, branch }));
      return { branch, sha: b.data.commit.sha };
    },
    // A branch or a tag stays one: kept 5 minutes (a commit is asked again, it may become a branch).
    refKind: (repo, ref) =>
      refKinds.get(`${repo.owner}/${repo.repo}:${ref}`, async () => {
        if (await exists('get branch', () => octokit.rest.repos.getBranch({ ...repo, branch: ref }))) return 'branch';
        if (await exists('get tag', () => octokit.rest.git.getRef({ ...repo, ref: `tags/${ref}` }))) return 'tag';
        return 'commit';
      }),
    async isGreen(repo, sha) {
      const combined = await call('combined status', () =>
        octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: sha }),
      );
      const suites = await call('check suites', () => octokit.rest.checks.listSuitesForRef({ ...repo, ref: sha }));
      const statusesGreen = combined.data.total_count === 0 || combined.data.state === 'success';
      const suitesGreen = suites.data.check_suites.every(
        (s) => s.status === 'completed' && ['success', 'neutral', 'skipped'].includes(s.conclusion ?? ''),
      );
      return statusesGreen && suitesGreen && combined.data.total_count + suites.data.total_count > 0;
    },
    async commitsBetween(repo, base, head) {
      const r = await call('compare', () =>
        octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${head}` }),
      );
      const commitTimes = r.data.commits.flatMap((c) => {
        const date = c.commit.committer?.date ?? c.commit.author?.date;
        return date ? [date] : [];
      });
      return { status: r.data.status, total: r.data.total_commits, commitTimes };
    },
    async compare(repo, base, head) {
      const r = await call('compare', () =>
        octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${head}` }),
      );
      return r.data.status as 'ahead' | 'behind' | 'identical' | 'diverged';
    },
    ...createGitHubActionsAdapter(octokit),
  };
}

async function defaultBranch(octokit: Octokit, repo: Repo): Promise<string> {
  const r = await call('get repository', () => octokit.rest.repos.get(repo));
  return r.data.default_branch;
}

/** True when GitHub has it, false on a 404; any other failure is thrown, mapped. */
async function exists(what: string, fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (e) {
    if ((e as { status?: number }).status === 404) return false;
    throw toGitHubError(e, what);
  }
}
