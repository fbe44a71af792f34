import { ExternalApiError, isRetryableStatus } from '@chatops/shared/contracts';
import type { CiProvider, CiRun, GitHubPort } from '../ports.js';
import { circleciParameterRefusal, circleciParameters } from '../run/ci-parameters.js';
import { resolveCiRef } from '../run/ci-ref.js';
import { circleciOutcome, type CircleWorkflow } from '../run/circleci-outcome.js';

export type CircleCiOptions = {
  apiUrl: string;
  token: string;
  /** Tells a branch from a tag or a commit, and names the default branch. */
  github: Pick<GitHubPort, 'refKind' | 'defaultBranch'>;
  fetch?: typeof fetch;
};

/** CircleCI API v2: trigger a pipeline with the deployment as parameters, follow its workflows, cancel them. */
export function createCircleCiProvider(opts: CircleCiOptions): CiProvider {
  const base = opts.apiUrl.replace(/\/$/, '');
  const doFetch = opts.fetch ?? fetch;
  const request = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers: {
          'Circle-Token': opts.token,
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(15_000),
      });
    } catch (e) {
      throw new ExternalApiError('circleci', `CircleCI ${method} ${path} failed: ${(e as Error).message}`, {
        retryable: true,
        cause: e,
      });
    }
    const text = await res.text();
    if (!res.ok) {
      const message = safeMessage(text);
      const retryAfter = Number(res.headers.get('retry-after'));
      throw new ExternalApiError('circleci', `CircleCI answered ${res.status} to ${method} ${path}: ${message}`, {
        status: res.status,
        retryable: isRetryableStatus(res.status),
        retryAfterMs: res.status === 429 && retryAfter > 0 ? retryAfter * 1000 : undefined,
      });
    }
    return (text ? JSON.parse(text) : {}) as T;
  };
  const workflows = async (run: CiRun) =>
    (await request<{ items: CircleWorkflow[] }>('GET', `/pipeline/${encodeURIComponent(run.id)}/workflow`)).items;

  return {
    label: 'CircleCI',
    async prepare(ctx) {
      const refused = circleciParameterRefusal(circleciParameters(ctx));
      if (refused) return { refused };
      return { ref: await resolveCiRef(opts.github, ctx, ctx.app.circleci!.branch) };
    },
    // `branch` (or `tag`) is what CircleCI builds, never a sha: chatops_sha says which commit to deploy.
    async trigger(ctx, ref) {
      const slug = ctx.app.circleci!.project_slug;
      const body = { ...(ref ?? { branch: ctx.deployment.ref }), parameters: circleciParameters(ctx) };
      const p = await request<{ id: string; number: number }>('POST', `/project/${slug}/pipeline`, body);
      return {
        provider: 'circleci',
        id: p.id,
        number: p.number,
        logUrl: `https://app.circleci.com/pipelines/${slug}/${p.number}`,
      };
    },
    async observe(run) {
      const items = await workflows(run);
      if (items.length === 0) {
        const p = await request<{ state: string }>('GET', `/pipeline/${encodeURIComponent(run.id)}`);
        return circleciOutcome([], p.state === 'errored');
      }
      return circleciOutcome(items);
    },
    async cancel(run) {
      for (const w of await workflows(run)) {
        if (['running', 'on_hold', 'failing', 'not_running'].includes(w.status)) {
          await request('POST', `/workflow/${encodeURIComponent(w.id)}/cancel`);
        }
      }
    },
  };
}

function safeMessage(text: string): string {
  try {
    const m = (JSON.parse(text) as { message?: unknown }).message;
    return typeof m === 'string' ? m.slice(0, 200) : text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}
