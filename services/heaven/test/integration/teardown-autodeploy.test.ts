import { afterEach, describe, expect, it } from '@jest/globals';
import { checkSuiteEvent, repositoryObject, statusEvent, waitFor } from '@chatops/testkit';
import { startHarness, type Harness } from '../helpers/harness.js';

const autoConfig = `
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      staging: { auto_deploy: true }
      production: { production: true }
`;

const repo = repositoryObject({ owner: 'acme', name: 'api' });

describe('teardown of a transient environment', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it("marks the environment's deployments inactive once its destroy task succeeds", async () => {
    h = await startHarness();
    const deployed = await h.deploy({ environment: 'review-feat-x', transient: true });
    await h.waitForState(deployed, 'success');
    const other = await h.deploy({ environment: 'staging' });
    await h.waitForState(other, 'success');
    const destroy = await h.deploy({ environment: 'review-feat-x', task: 'destroy', transient: true });
    await h.waitForState(destroy, 'success');
    await h.waitForState(deployed, 'inactive');
    await h.waitForState(destroy, 'inactive');
    expect(h.github.statusesOf(deployed).map((s) => [s.state, s.description])).toEqual([
      ['in_progress', 'CircleCI started pipeline #1'],
      ['success', 'CircleCI workflow deploy succeeded'],
      ['inactive', `environment review-feat-x destroyed by deployment #${destroy}`],
    ]);
    expect(h.states(other)).toEqual(['in_progress', 'success']);
    expect(h.circle.pipelines.map((p) => p.parameters.chatops_task)).toEqual(['deploy', 'deploy', 'destroy']);
  });

  it('does not mark anything inactive when the destroy fails', async () => {
    h = await startHarness({
      circle: {
        plan: (p) => ({
          workflows: [
            { name: 'd', status: p.parameters.chatops_task === 'destroy' ? 'failed' : 'success', durationMs: 50 },
          ],
        }),
      },
    });
    const deployed = await h.deploy({ environment: 'review-feat-y', transient: true });
    await h.waitForState(deployed, 'success');
    const destroy = await h.deploy({ environment: 'review-feat-y', task: 'destroy', transient: true });
    await h.waitForState(destroy, 'failure');
    expect(h.states(deployed)).toEqual(['in_progress', 'success']);
  });
});

describe('auto-deploy', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const green = (sha: string) => {
    h.github.setCommitStatus('acme/api', sha, 'ci/test', 'success');
    h.github.setCheckSuites('acme/api', sha, ['success']);
  };

  it('deploys a green default-branch head once to the auto_deploy environments, then only newer commits', async () => {
    h = await startHarness({ config: autoConfig });
    const head = h.github.repos.get('acme/api')!.branches.get('main')!;
    green(head);
    expect(
      await h.github.deliver(
        'status',
        statusEvent({ sha: head, state: 'success', context: 'ci/test', branches: ['main'] }, repo),
      ),
    ).toBe(202);
    expect(
      await h.github.deliver(
        'check_suite',
        checkSuiteEvent({ sha: head, branch: 'main', conclusion: 'success' }, repo),
      ),
    ).toBe(202);
    const first = await waitFor(() => h.github.deployments[0], 'an auto deployment');
    expect(first).toMatchObject({ environment: 'staging', sha: head, ref: head, task: 'deploy' });
    await h.waitForState(first.id, 'success');
    await h.github.deliver(
      'status',
      statusEvent({ sha: head, state: 'success', context: 'ci/lint', branches: ['main'] }, repo),
    );
    const next = h.github.push('acme/api', 'main');
    green(next);
    await h.github.deliver('check_suite', checkSuiteEvent({ sha: next, branch: 'main', conclusion: 'success' }, repo));
    await waitFor(() => h.github.deployments.length === 2, 'the second auto deployment');
    await h.waitForState(h.github.deployments[1]!.id, 'success');
    expect(h.github.deployments.map((d) => [d.environment, d.sha])).toEqual([
      ['staging', head],
      ['staging', next],
    ]);
    expect(h.circle.pipelines).toHaveLength(2);
  });

  it('does not deploy past a lock, a commit that is not fully green, or a commit that is not the head', async () => {
    h = await startHarness({ config: autoConfig });
    const old = h.github.repos.get('acme/api')!.branches.get('main')!;
    const head = h.github.push('acme/api', 'main');
    green(old);
    h.github.setCommitStatus('acme/api', head, 'ci/test', 'success');
    h.github.setCheckSuites('acme/api', head, ['']);
    await h.github.deliver(
      'status',
      statusEvent({ sha: old, state: 'success', context: 'ci/test', branches: ['main'] }, repo),
    );
    await h.github.deliver(
      'status',
      statusEvent({ sha: head, state: 'success', context: 'ci/test', branches: ['main'] }, repo),
    );
    await h.locks.acquire({
      repository: 'acme/api',
      environment: 'staging',
      holder: { slack_user_id: 'U0ALICE', name: 'alice' },
      reason: 'freeze',
      locked_at: new Date().toISOString(),
    });
    green(head);
    await h.github.deliver('check_suite', checkSuiteEvent({ sha: head, branch: 'main', conclusion: 'success' }, repo));
    await waitFor(
      async () => (await h.redis.keys(`${h.prefix}:ci-events:*`)).length > 0 && (await jobsDone(h)) === 3,
      'ci-events jobs to finish',
    );
    expect(h.github.deployments).toHaveLength(0);
  });
});

async function jobsDone(h: Harness): Promise<number> {
  return h.redis.zcard(`${h.prefix}:ci-events:completed`);
}
