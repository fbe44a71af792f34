import type { CiProvider, CircleCiApi, GitHubPort } from '../ports.js';
import { circleciParameterRefusal, circleciParameters } from '../run/ci-parameters.js';
import { resolveCiRef } from '../run/ci-ref.js';
import { circleciOutcome } from '../run/circleci-outcome.js';

export type CircleCiOptions = {
  /** CircleCI's API v2 (adapters/circleci-api.ts). */
  api: CircleCiApi;
  /** Tells a branch from a tag or a commit, and names the default branch. */
  github: Pick<GitHubPort, 'refKind' | 'defaultBranch'>;
};

/** Workflows in these states are cancelled with their deployment; the others have ended. */
const CANCELLABLE = new Set(['running', 'on_hold', 'failing', 'not_running']);

/** CircleCI: trigger a pipeline with the deployment as parameters, follow its workflows, cancel them. */
export function createCircleCiProvider({ api, github }: CircleCiOptions): CiProvider {
  return {
    label: 'CircleCI',
    async prepare(ctx) {
      const refused = circleciParameterRefusal(circleciParameters(ctx));
      if (refused) return { refused };
      return { ref: await resolveCiRef(github, ctx, ctx.app.circleci!.branch) };
    },
    // `branch` (or `tag`) is what CircleCI builds, never a sha: chatops_sha says which commit to deploy.
    async trigger(ctx, ref) {
      const slug = ctx.app.circleci!.project_slug;
      const p = await api.triggerPipeline(slug, ref ?? { branch: ctx.deployment.ref }, circleciParameters(ctx));
      return {
        provider: 'circleci',
        id: p.id,
        number: p.number,
        logUrl: `https://app.circleci.com/pipelines/${slug}/${p.number}`,
      };
    },
    async observe(run) {
      const workflows = await api.workflows(run.id);
      if (workflows.length > 0) return circleciOutcome(workflows);
      return circleciOutcome([], (await api.pipelineState(run.id)) === 'errored');
    },
    async cancel(run) {
      for (const w of await api.workflows(run.id)) {
        if (CANCELLABLE.has(w.status)) await api.cancelWorkflow(w.id);
      }
    },
  };
}
