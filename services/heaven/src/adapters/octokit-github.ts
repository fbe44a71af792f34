import { Octokit } from '@octokit/rest';
import { throttling } from '@octokit/plugin-throttling';
import { createAppAuth } from '@octokit/auth-app';
import { ExternalApiError, isRetryableStatus } from '@chatops/shared/contracts';
import { GITHUB_MAX_WAIT_IN_PLACE_S, githubRetry, githubWritePacing, type Logger } from '@chatops/shared/runtime';
import type { GitHubPort } from '../ports.js';

export type GitHubClientOptions = {
  baseUrl: string;
  token?: string;
  app?: { appId: string; privateKey: string; installationId: string };
  retries: number;
  /**
   * Least time between two GitHub writes of this process (GitHub asks for 1000 ms; 0: no pacing and no
   * throttling plugin).
   */
  writeIntervalMs?: number;
  logger: Logger;
};

const HeavenOctokit = Octokit.plugin(githubRetry, throttling);

export function createOctokit(opts: GitHubClientOptions): Octokit {
  const auth = opts.token
    ? { auth: opts.token }
    : {
        authStrategy: createAppAuth,
        auth: { appId: opts.app!.appId, privateKey: opts.app!.privateKey, installationId: opts.app!.installationId },
      };
  return new HeavenOctokit({
    ...auth,
    baseUrl: opts.baseUrl.replace(/\/$/, ''),
    log: {
      debug: () => {},
      info: () => {},
      warn: (m: string) => opts.logger.warn(m),
      error: (m: string) => opts.logger.error(m),
    },
    retry: { retries: opts.retries, enabled: opts.retries > 0 },
    throttle: {
      enabled: opts.retries > 0 && (opts.writeIntervalMs ?? 1000) > 0,
      write: githubWritePacing(opts.writeIntervalMs ?? 1000),
      onRateLimit: (after: number, _o: unknown, _k: unknown, count: number) =>
        count < opts.retries && after <= GITHUB_MAX_WAIT_IN_PLACE_S,
      onSecondaryRateLimit: (after: number, _o: unknown, _k: unknown, count: number) =>
        count < opts.retries && after <= GITHUB_MAX_WAIT_IN_PLACE_S,
    },
  }) as unknown as Octokit;
}

/** Maps an Octokit error to ExternalApiError: 5xx, 429 and network errors retry; other 4xx do not. */
export function toGitHubError(e: unknown, what: string): ExternalApiError {
  const err = e as { status?: number; message?: string; response?: { headers?: Record<string, string> } };
  const status = typeof err.status === 'number' && err.status > 0 ? err.status : undefined;
  const retryAfter = Number(err.response?.headers?.['retry-after']);
  return new ExternalApiError(
    'github',
    `[heaven] GitHub ${what} failed${status ? ` (${status})` : ''}: ${err.message ?? String(e)}`,
    {
      status,
      retryable: status === undefined || isRetryableStatus(status),
      retryAfterMs: status === 429 && retryAfter > 0 ? retryAfter * 1000 : undefined,
      cause: e,
    },
  );
}

export async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toGitHubError(e, what);
  }
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
    async defaultBranchHead(repo) {
      const r = await call('get repository', () => octokit.rest.repos.get(repo));
      const branch = r.data.default_branch;
      const b = await call('get branch', () => octokit.rest.repos.getBranch({ ...repo, branch }));
      return { branch, sha: b.data.commit.sha };
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
