import type { Octokit } from '@octokit/rest';
import {
  createGitHubClient,
  githubCredentials,
  githubCall as call,
  toGitHubError,
  type Logger,
} from '@chatops/shared/runtime';
import type { HeavenConfig } from '../config.js';
import type { GitHubPort, Repo } from '../ports.js';

type GitHubEnv = Pick<
  HeavenConfig,
  | 'GITHUB_API_URL'
  | 'GITHUB_TOKEN'
  | 'GITHUB_APP_ID'
  | 'GITHUB_APP_PRIVATE_KEY'
  | 'GITHUB_APP_INSTALLATION_ID'
  | 'GITHUB_RETRIES'
  | 'GITHUB_WRITE_INTERVAL_MS'
>;

/**
 * heaven's GitHub port on the one GitHub client of chatops (timeout, retries, pacing, API version, a
 * new installation token on a 401): a token, or a GitHub App (loadConfig checked that one is complete).
 */
export function createGitHubPort(env: GitHubEnv, logger: Logger): GitHubPort {
  const client = createGitHubClient({
    baseUrl: env.GITHUB_API_URL,
    credentials: githubCredentials(env),
    retries: env.GITHUB_RETRIES,
    writeIntervalMs: env.GITHUB_WRITE_INTERVAL_MS,
    userAgent: 'chatops-heaven',
    logger,
  });
  return createGitHubAdapter(client);
}

/** The GitHub port on @octokit/rest. */
export function createGitHubAdapter(octokit: Octokit): GitHubPort {
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
    defaultBranch: (repo) => defaultBranch(octokit, repo),
    async defaultBranchHead(repo) {
      const branch = await defaultBranch(octokit, repo);
      const b = await call('get branch', () => octokit.rest.repos.getBranch({ ...repo, branch }));
      return { branch, sha: b.data.commit.sha };
    },
    async refKind(repo, ref) {
      if (await exists('get branch', () => octokit.rest.repos.getBranch({ ...repo, branch: ref }))) return 'branch';
      if (await exists('get tag', () => octokit.rest.git.getRef({ ...repo, ref: `tags/${ref}` }))) return 'tag';
      return 'commit';
    },
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
    async compare(repo, base, head) {
      const r = await call('compare', () =>
        octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${head}` }),
      );
      return r.data.status as 'ahead' | 'behind' | 'identical' | 'diverged';
    },
    ...actionsMethods(octokit),
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

function actionsMethods(
  octokit: Octokit,
): Pick<GitHubPort, 'dispatchWorkflow' | 'findWorkflowRun' | 'getWorkflowRun' | 'cancelWorkflowRun'> {
  return {
    async dispatchWorkflow(repo, workflow, ref, inputs) {
      const res = await call('workflow dispatch', () =>
        octokit.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
          ...repo,
          workflow_id: workflow,
          ref,
          inputs,
          return_run_details: true,
        }),
      );
      const data = res.data as unknown as { workflow_run_id?: number; html_url?: string } | undefined;
      return res.status === 200 && data?.workflow_run_id
        ? { runId: data.workflow_run_id, htmlUrl: data.html_url ?? '' }
        : null;
    },
    async findWorkflowRun(repo, workflow, title) {
      const res = await call('list workflow runs', () =>
        octokit.rest.actions.listWorkflowRuns({
          ...repo,
          workflow_id: workflow,
          event: 'workflow_dispatch',
          per_page: 50,
        }),
      );
      const run = res.data.workflow_runs.find((r) => r.display_title === title);
      return run ? { runId: run.id, htmlUrl: run.html_url } : null;
    },
    async getWorkflowRun(repo, runId) {
      const r = await call('get workflow run', () => octokit.rest.actions.getWorkflowRun({ ...repo, run_id: runId }));
      return { status: r.data.status ?? 'queued', conclusion: r.data.conclusion, htmlUrl: r.data.html_url };
    },
    async cancelWorkflowRun(repo, runId) {
      try {
        await octokit.rest.actions.cancelWorkflowRun({ ...repo, run_id: runId });
      } catch (e) {
        if ((e as { status?: number }).status === 409) return; // already completed
        throw toGitHubError(e, 'cancel workflow run');
      }
    },
  };
}
