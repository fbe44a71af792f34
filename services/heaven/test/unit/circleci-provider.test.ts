import { describe, expect, it } from '@jest/globals';
import { parseAppsConfig } from '@chatops/shared/runtime';
import type { CircleCiApi, CircleWorkflow, CiRun, TriggerContext } from '../../src/ports.js';
import { createCircleCiProvider } from '../../src/providers/circleci-provider.js';
import { deploymentJob } from '../helpers/run-deps.js';

/** CircleCI's API in memory: the workflows and pipeline state a test sets, every call recorded. */
function memoryCircleCi(workflows: CircleWorkflow[], state = 'created') {
  const calls: string[] = [];
  const api = {
    async triggerPipeline(slug, ref, parameters) {
      calls.push(`trigger ${slug} ${JSON.stringify(ref)} ${Object.keys(parameters).length > 0}`);
      return { id: 'p-1', number: 12 };
    },
    async pipelineState(id) {
      calls.push(`state ${id}`);
      return state;
    },
    async workflows(id) {
      calls.push(`workflows ${id}`);
      return workflows;
    },
    async cancelWorkflow(id) {
      calls.push(`cancel ${id}`);
    },
  } satisfies CircleCiApi;
  return { api, calls };
}

const app = parseAppsConfig(`
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments: { staging: {} }
`).apps.api!;
const job = deploymentJob({ ref: 'release/1.2' });
const ctx: TriggerContext = {
  deployment: job.deployment,
  repository: job.repository,
  appName: 'api',
  app,
  chatops: null,
};
const run: CiRun = { provider: 'circleci', id: 'p-1', number: 12, logUrl: '' };
const github = { refKind: async () => 'branch' as const, defaultBranch: async () => 'main' };

describe('the CircleCI provider', () => {
  it("triggers the deployment's ref when no CI ref was resolved, and links the pipeline", async () => {
    const ci = memoryCircleCi([]);
    const started = await createCircleCiProvider({ api: ci.api, github }).trigger(ctx, null);
    expect(started).toEqual({
      provider: 'circleci',
      id: 'p-1',
      number: 12,
      logUrl: 'https://app.circleci.com/pipelines/gh/acme/api/12',
    });
    expect(ci.calls).toEqual(['trigger gh/acme/api {"branch":"release/1.2"} true']);
  });

  it("asks for the pipeline's state only while it has no workflow", async () => {
    const none = memoryCircleCi([], 'errored');
    expect(await createCircleCiProvider({ api: none.api, github }).observe(run, ctx)).toEqual({
      phase: 'done',
      outcome: 'error',
      description: 'CircleCI could not start the pipeline (configuration error)',
    });
    expect(none.calls).toEqual(['workflows p-1', 'state p-1']);
    const one = memoryCircleCi([{ id: 'w-1', name: 'deploy', status: 'success' }]);
    expect((await createCircleCiProvider({ api: one.api, github }).observe(run, ctx)).phase).toBe('done');
    expect(one.calls).toEqual(['workflows p-1']);
  });

  it('cancels the workflows that have not ended, and only those', async () => {
    const statuses = ['running', 'on_hold', 'failing', 'not_running', 'success', 'failed', 'canceled', 'error'];
    const ci = memoryCircleCi(statuses.map((status) => ({ id: `w-${status}`, name: status, status })));
    await createCircleCiProvider({ api: ci.api, github }).cancel(run, ctx);
    expect(ci.calls).toEqual([
      'workflows p-1',
      'cancel w-running',
      'cancel w-on_hold',
      'cancel w-failing',
      'cancel w-not_running',
    ]);
  });
});
