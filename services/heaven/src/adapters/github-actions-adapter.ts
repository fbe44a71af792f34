import type { Octokit } from '@octokit/rest';
import { githubCall as call, toGitHubError } from '@chatops/shared/runtime';
import type { GitHubPort } from '../ports.js';

/**
 * The GitHub Actions part of heaven's GitHub port: dispatch a workflow (asking for the run's id),
 * find a run by its title, look at it, cancel it (a run that already ended is not an error).
 */
export function createGitHubActionsAdapter(
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
