import { afterEach, describe, expect, it } from '@jest/globals';
import { waitFor } from '@chatops/testkit';
import { bodyDigest } from '../../src/routes/github-delivery.js';
import { startHarness, type Harness } from '../helpers/harness.js';

describe('heaven with the CircleCI provider', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('triggers one pipeline with the deployment as parameters and reports in_progress then success', async () => {
    h = await startHarness();
    const id = await h.deploy({ ref: 'main' });
    const success = await h.waitForState(id, 'success');
    expect(h.states(id)).toEqual(['in_progress', 'success']);
    expect(h.circle.pipelines).toHaveLength(1);
    const pipeline = h.circle.pipelines[0]!;
    const sha = h.github.deployments[0]!.sha;
    expect(pipeline.branch).toBe('main');
    expect(pipeline.parameters).toEqual({
      run_deploy: true,
      chatops_deployment_id: id,
      chatops_environment: 'staging',
      chatops_ref: 'main',
      chatops_sha: sha,
      chatops_task: 'deploy',
      chatops_noop: false,
      chatops_params: '{"region":"eu"}',
    });
    expect(h.circle.requests[0]!.headers['circle-token']).toBe('circle_test_token_123');
    const inProgress = h.github.statusesOf(id)[0]!;
    expect(inProgress.log_url).toBe('https://app.circleci.com/pipelines/gh/acme/api/1');
    expect(inProgress.description).toBe('CircleCI started pipeline #1');
    expect(success.log_url).toBe('https://app.circleci.com/pipelines/gh/acme/api/1');
    expect(success.environment_url).toBe('https://staging.api.acme.dev');
    expect(success.description).toBe('CircleCI workflow deploy succeeded');
  });

  it('reports failure when a workflow fails, and success only when all workflows succeed', async () => {
    h = await startHarness({
      circle: {
        plan: () => ({
          workflows: [
            { name: 'build', status: 'success', durationMs: 50 },
            { name: 'deploy', status: 'failed', durationMs: 120 },
          ],
        }),
      },
    });
    const id = await h.deploy({});
    const failure = await h.waitForState(id, 'failure');
    expect(failure.description).toBe('CircleCI workflow failed: deploy');
    expect(h.states(id)).not.toContain('success');
  });

  it('shows on_hold as waiting for approval in CircleCI', async () => {
    h = await startHarness({
      circle: { plan: () => ({ workflows: [{ name: 'approve-deploy', status: 'on_hold', durationMs: 0 }] }) },
    });
    const id = await h.deploy({});
    await waitFor(
      () => h.github.statusesOf(id).find((s) => s.description.startsWith('waiting for approval')),
      'approval status',
    );
    const last = h.github.statusesOf(id).at(-1)!;
    expect(last.state).toBe('in_progress');
    expect(last.description).toBe('waiting for approval in CircleCI (approve-deploy)');
  });

  it('ends the deployment on the signed workflow-completed webhook, without waiting for the next poll', async () => {
    h = await startHarness({ env: { HEAVEN_POLL_INTERVAL_MS: '600000', HEAVEN_POLL_MAX_MS: '600000' } });
    const id = await h.deploy({});
    await h.waitForState(id, 'success');
    expect(h.circle.webhooks.map((w) => w.status)).toEqual([202]);
    expect(h.circle.received('GET', /\/workflow$/)).toHaveLength(1);
  });

  it(
    'ends in error with the reason when CircleCI refuses the trigger (4xx), and ' +
      'retries a 5xx without a second pipeline',
    async () => {
      h = await startHarness();
      h.circle.failNext('POST', /\/pipeline$/, {
        status: 400,
        body: { message: 'Unexpected argument(s): run_deploy' },
      });
      const refused = await h.deploy({});
      const error = await h.waitForState(refused, 'error');
      expect(error.description).toBe(
        'CircleCI answered 400 to POST /project/gh/acme/api/pipeline: Unexpected argument(s): run_deploy',
      );
      expect(h.circle.pipelines).toHaveLength(0);

      h.circle.failNext('POST', /\/pipeline$/, { status: 503, body: { message: 'busy' } });
      const retried = await h.deploy({});
      await h.waitForState(retried, 'success', 15_000);
      expect(h.circle.received('POST', /\/pipeline$/)).toHaveLength(3);
      expect(h.circle.pipelines).toHaveLength(1);
    },
  );

  it(
    'answers a redelivered deployment webhook 200 and triggers no second ' +
      'pipeline, even after the deployment ended',
    async () => {
      h = await startHarness();
      const id = await h.deploy({});
      await h.waitForState(id, 'success');
      const delivery = h.github.deliveries.find((d) => d.event === 'deployment')!;
      expect(delivery.status).toBe(202);
      expect(await h.github.redeliver(delivery.id)).toBe(200);
      await h.redis.del(`${h.prefix}:heaven:webhook:${bodyDigest(delivery.body)}`);
      await h.redis.del(`${h.prefix}:deployments:deployment-${id}`);
      await h.redis.zrem(`${h.prefix}:deployments:completed`, `deployment-${id}`);
      expect(await h.github.redeliver(delivery.id)).toBe(202);
      await waitFor(
        async () => (await h.redis.zcard(`${h.prefix}:deployments:completed`)) === 1,
        'the re-added job to complete',
      );
      expect(h.circle.pipelines).toHaveLength(1);
      expect(h.states(id)).toEqual(['in_progress', 'success']);
    },
  );

  it('runs a deployment made outside chat (no payload.chatops) from the config alone', async () => {
    h = await startHarness();
    const id = await h.deploy({ payload: { other_tool: { x: 1 } } });
    await h.waitForState(id, 'success');
    expect(h.circle.pipelines[0]!.parameters).toMatchObject({
      chatops_deployment_id: id,
      chatops_noop: false,
      chatops_params: '{}',
    });
  });

  it('builds the branch a deployment came from, never a sha: chatops_sha says which commit to deploy', async () => {
    h = await startHarness();
    const feature = h.github.push('acme/api', 'feat/x');
    const release = h.github.push('acme/api', 'release/1.2');
    const old = h.github.push('acme/api', 'release/1.2');
    h.github.push('acme/api', 'release/1.2');
    const branch = await h.deploy({ ref: 'feat/x' });
    await h.waitForState(branch, 'success');
    // A rollback deploys a sha; the bot signed the branch it came from.
    const rollback = await h.deploy({ ref: old, chatops: { branch: 'release/1.2', rollback_of: branch } });
    await h.waitForState(rollback, 'success');
    // An auto-deploy (or a deployment made outside chat) of a sha: the default branch.
    const outside = await h.deploy({ ref: release, payload: {} });
    await h.waitForState(outside, 'success');
    // An unsigned `branch` is not trusted either.
    const forged = await h.deploy({ ref: release, payload: { chatops: { branch: 'feat/x' } } });
    await h.waitForState(forged, 'success');
    expect(h.circle.pipelines.map((p) => [p.branch, p.parameters.chatops_ref, p.parameters.chatops_sha])).toEqual([
      ['feat/x', 'feat/x', feature],
      ['release/1.2', old, old],
      ['main', release, release],
      ['main', release, release],
    ]);
    expect(h.circle.refusals).toEqual([]);
  });

  it('ends in error before any trigger when CircleCI would refuse the parameters (a value over 512)', async () => {
    h = await startHarness();
    const id = await h.deploy({ chatops: { params: { notes: 'x'.repeat(600) } } });
    const error = await h.waitForState(id, 'error');
    expect(error.description).toBe(
      'CircleCI would refuse the pipeline: ' +
        'chatops_params would be 612 characters long, more than the 512 CircleCI takes',
    );
    expect(h.circle.received('POST', /\/pipeline$/)).toHaveLength(0);
    expect(h.states(id)).toEqual(['error']);
  });

  it('answers an unknown environment with an error status and no pipeline', async () => {
    h = await startHarness();
    const id = await h.deploy({ environment: 'moon' });
    expect((await h.waitForState(id, 'error')).description).toBe('environment moon is not in the chatops config');
    expect(h.circle.pipelines).toHaveLength(0);
  });

  it(
    'retries a deployment whose GitHub status post failed for a passing reason (502), ' + 'without a second pipeline',
    async () => {
      h = await startHarness();
      h.github.failNext('POST', /\/deployments\/\d+\/statuses$/, { status: 502, body: { message: 'Server Error' } });
      const id = await h.deploy({});
      await h.waitForState(id, 'success', 15_000);
      expect(h.github.received('POST', /\/deployments\/\d+\/statuses$/).length).toBe(3);
      expect(h.states(id)).toEqual(['in_progress', 'success']);
      expect(h.circle.pipelines).toHaveLength(1);
    },
  );
});
