import type { RecordedRequest, Reply } from './fake-server.js';
import type { FakeGitHub } from './fake-github.js';
import type { FakeRepo, FakeWorkflowRun } from './github-data.js';
import { githubError } from './github-contract.js';
import type { Guard } from './github-routes.js';
import type { Json } from './json.js';

const DOCS = 'https://docs.github.com/rest';

/** GitHub Actions: dispatch a workflow, list its runs, get a run, cancel it. */
export function registerActionsRoutes(github: FakeGitHub, guard: Guard): void {
  github.route(
    'POST',
    '/repos/:owner/:repo/actions/workflows/:workflow/dispatches',
    guard((req, p, repo) => dispatch(github, req, p.workflow!, repo)),
  );

  github.route(
    'GET',
    '/repos/:owner/:repo/actions/workflows/:workflow/runs',
    guard((_req, p, repo) => {
      const full = `${repo.owner}/${repo.name}`.toLowerCase();
      const runs = github.runs
        .filter((r) => r.repository.toLowerCase() === full && r.workflow === p.workflow)
        .slice()
        .reverse();
      return { status: 200, body: { total_count: runs.length, workflow_runs: runs.map((r) => runView(r)) } };
    }),
  );

  github.route(
    'GET',
    '/repos/:owner/:repo/actions/runs/:id',
    guard((_r, p) => {
      const run = github.runs.find((r) => r.id === Number(p.id));
      return run ? { status: 200, body: runView(run) } : githubError(404, 'Not Found');
    }),
  );

  github.route(
    'POST',
    '/repos/:owner/:repo/actions/runs/:id/cancel',
    guard((_r, p) => {
      const run = github.runs.find((r) => r.id === Number(p.id));
      if (!run) return githubError(404, 'Not Found');
      if (runView(run).status === 'completed')
        return githubError(409, 'Cannot cancel a workflow run that is completed.', `${DOCS}/actions/workflow-runs`);
      run.cancelled_at = Date.now();
      return { status: 202, body: {} };
    }),
  );
}

function dispatch(github: FakeGitHub, req: RecordedRequest, workflow: string, repo: FakeRepo): Reply {
  const body = (req.body ?? {}) as Json;
  // "The git reference for the workflow. The reference can be a branch or tag name." A sha is neither:
  // GitHub answers it "No ref found for: <sha>" (github/docs#590).
  const branch = String(body.ref).replace(/^refs\/heads\//, '');
  if (!repo.branches.has(branch)) {
    return githubError(
      422,
      `No ref found for: ${body.ref}`,
      `${DOCS}/actions/workflows#create-a-workflow-dispatch-event`,
    );
  }
  const inputs = (body.inputs ?? {}) as Record<string, unknown>; // at most 25: checked against the description
  const full = `${repo.owner}/${repo.name}`;
  const id = github.newId();
  const plan = github.options.actionsPlan?.({ id, repository: full, workflow, inputs } as FakeWorkflowRun) ?? {
    conclusion: 'success',
    durationMs: 100,
  };
  const run: FakeWorkflowRun = {
    id,
    repository: full,
    workflow,
    inputs,
    head_branch: branch,
    head_sha: repo.branches.get(branch),
    started: Date.now(),
    plan,
    display_title: `deploy ${String(inputs.deployment_id ?? '')}`.trim(),
  };
  github.runs.push(run);
  const html = `https://github.com/${full}/actions/runs/${id}`;
  if (body.return_run_details && github.options.returnRunDetails !== false) {
    return {
      status: 200,
      body: { workflow_run_id: id, run_url: `${github.url}/repos/${full}/actions/runs/${id}`, html_url: html },
    };
  }
  return { status: 204 };
}

/** The run as the REST API shows it now, moving from queued to in_progress to completed with time. */
export function runView(run: FakeWorkflowRun): Json {
  const age = Date.now() - run.started;
  const plan = run.plan as { conclusion: string; durationMs: number };
  let status = age < 20 ? 'queued' : age < plan.durationMs ? 'in_progress' : 'completed';
  let conclusion: string | null = status === 'completed' ? plan.conclusion : null;
  if (run.cancelled_at) {
    status = 'completed';
    conclusion = 'cancelled';
  }
  return {
    id: run.id,
    name: run.workflow,
    display_title: run.display_title,
    event: 'workflow_dispatch',
    head_branch: run.head_branch,
    head_sha: run.head_sha,
    status,
    conclusion,
    html_url: `https://github.com/${run.repository}/actions/runs/${run.id}`,
    created_at: new Date(run.started).toISOString(),
    updated_at: new Date().toISOString(),
  };
}
