import { describe, expect, it } from '@jest/globals';
import { ExternalApiError } from '@chatops/shared/contracts';
import { finishDeployment } from '../../../src/run/finish-deployment.js';
import { resolveRun, type RunContext } from '../../../src/run/run-context.js';
import { signedChatops } from '../../helpers/chatops.js';
import { deploymentJob, unitRunDeps } from '../../helpers/run-deps.js';

async function entered(t: ReturnType<typeof unitRunDeps>, job = deploymentJob()) {
  const run = resolveRun(job, null, t.deps) as RunContext;
  const record = await t.runs.store.enter(job.deployment.id, run.line, job.deployment.ref);
  await t.runs.store.tryStart(job.deployment.id, run.line);
  return { run, record };
}

describe('finishDeployment', () => {
  it('posts the final status, leaves the line, wakes the next one and writes the history', async () => {
    const t = unitRunDeps();
    const { run, record } = await entered(t);
    const next = await entered(t, deploymentJob({ ref: 'feat/x' }));
    await finishDeployment(t.deps, run, record, 'success', 'FakeCI workflow deploy succeeded');
    expect(t.github.posted.map((p) => p.status)).toEqual([
      {
        state: 'success',
        description: 'FakeCI workflow deploy succeeded',
        environment_url: 'https://staging.api.acme.dev',
      },
    ]);
    expect(t.runs.lines(run.line)).toEqual([next.record.id]);
    expect(t.woken).toEqual([next.record.id]);
    expect(await t.runs.store.history(run.line)).toEqual([
      {
        id: record.id,
        ref: 'main',
        outcome: 'success',
        description: 'FakeCI workflow deploy succeeded',
        logUrl: null,
        finishedAt: t.clock.now(),
        requester: 'octo-carol',
      },
    ]);
  });

  it("names the signed requester in the history, and GitHub's creator otherwise", async () => {
    const t = unitRunDeps();
    const job = deploymentJob();
    const chatops = signedChatops({ repository: 'acme/api', environment: 'staging', ref: 'main', task: 'deploy' });
    const run = { ...(resolveRun(job, chatops, t.deps) as RunContext) };
    const record = await t.runs.store.enter(job.deployment.id, run.line, 'main');
    await finishDeployment(t.deps, run, record, 'error', 'x');
    expect((await t.runs.store.history(run.line))[0]?.requester).toBe('alice');
  });

  it('frees the line even when GitHub refuses the final status (4xx), and retries a passing failure', async () => {
    const t = unitRunDeps();
    const { run, record } = await entered(t);
    t.github.port.createStatus = async () => {
      throw new ExternalApiError('github', 'GitHub deployment status failed (422): Validation Failed', {
        status: 422,
        retryable: false,
      });
    };
    await finishDeployment(t.deps, run, record, 'success', 'done');
    expect(t.runs.runners.size).toBe(0);
    const other = await entered(t, deploymentJob());
    t.github.port.createStatus = async () => {
      throw new ExternalApiError('github', 'GitHub deployment status failed (502)', { status: 502, retryable: true });
    };
    await expect(finishDeployment(t.deps, other.run, other.record, 'success', 'done')).rejects.toThrow(
      'GitHub deployment status failed (502)',
    );
    expect(t.runs.records.get(other.record.id)?.phase).not.toBe('done');
  });

  it('marks the deployments of a destroyed transient environment inactive, after a successful destroy', async () => {
    const t = unitRunDeps({
      github: {
        deployments: {
          'review-feat-x': [
            { id: 41, sha: 'c', task: 'deploy' },
            { id: 42, sha: 'c', task: 'destroy' },
          ],
        },
      },
    });
    const failed = await entered(t, deploymentJob({ id: 42, environment: 'review-feat-x', task: 'destroy' }));
    await finishDeployment(t.deps, failed.run, failed.record, 'failure', 'no');
    expect(t.github.posted.map((p) => p.status.state)).toEqual(['failure']);
    const job = deploymentJob({ id: 43, environment: 'review-feat-x', task: 'destroy' });
    const { run, record } = await entered(t, job);
    await finishDeployment(t.deps, run, record, 'success', 'destroyed');
    expect(t.github.posted.slice(1).map((p) => [p.id, p.status.state, p.status.description])).toEqual([
      [43, 'success', 'destroyed'],
      [41, 'inactive', 'environment review-feat-x destroyed by deployment #43'],
      [42, 'inactive', 'environment review-feat-x destroyed by deployment #43'],
    ]);
  });
});
