import type { CiProvider, CiRun, GitHubPort, TriggerContext } from '../ports.js';
import { actionsInputs, runTitle } from '../run/ci-parameters.js';
import { ciRefName, resolveCiRef } from '../run/ci-ref.js';
import { actionsOutcome } from '../run/circleci-outcome.js';

const repoOf = (ctx: TriggerContext) => {
  const [owner, repo] = ctx.repository.split('/') as [string, string];
  return { owner, repo };
};

/**
 * GitHub Actions: workflow_dispatch with the deployment as inputs, on a branch or tag (a dispatch's
 * `ref` is never a sha: the commit to deploy is the `sha` input). The run is found by its id when
 * GitHub returns it, else by its title "deploy <deployment id>" (the workflow's run-name).
 */
export function createActionsProvider(github: GitHubPort): CiProvider {
  const findRun = async (run: CiRun, ctx: TriggerContext): Promise<CiRun | null> => {
    if (run.id) return run;
    const found = await github.findWorkflowRun(
      repoOf(ctx),
      ctx.app.github_actions!.workflow,
      runTitle(ctx.deployment.id),
    );
    return found ? { ...run, id: String(found.runId), logUrl: found.htmlUrl } : null;
  };
  return {
    label: 'GitHub Actions',
    async prepare(ctx) {
      return { ref: await resolveCiRef(github, ctx, ctx.app.github_actions!.ref) };
    },
    async trigger(ctx, ref) {
      const cfg = ctx.app.github_actions!;
      const name = ref ? ciRefName(ref) : ctx.deployment.ref;
      const res = await github.dispatchWorkflow(repoOf(ctx), cfg.workflow, name, actionsInputs(ctx));
      if (res) return { provider: 'github-actions', id: String(res.runId), logUrl: res.htmlUrl };
      const found = await findRun({ provider: 'github-actions', id: '', logUrl: '' }, ctx);
      return found ?? { provider: 'github-actions', id: '', logUrl: `https://github.com/${ctx.repository}/actions` };
    },
    async observe(run, ctx) {
      const found = await findRun(run, ctx);
      if (!found) return { phase: 'pending', description: 'GitHub Actions run not found yet' };
      const r = await github.getWorkflowRun(repoOf(ctx), Number(found.id));
      const obs = actionsOutcome(r.status, r.conclusion);
      return { ...obs, run: { ...found, logUrl: r.htmlUrl } };
    },
    async cancel(run, ctx) {
      const found = await findRun(run, ctx);
      if (found) await github.cancelWorkflowRun(repoOf(ctx), Number(found.id));
    },
  };
}
