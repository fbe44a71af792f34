import { afterEach, describe, expect, it } from '@jest/globals';
import { waitFor } from '@chatops/testkit';
import { startHarness, type Harness } from '../helpers/harness.js';

const actionsConfig = `
apps:
  api:
    repository: acme/api
    provider: github-actions
    github_actions: { workflow: deploy.yml }
    environments:
      staging: { url: https://staging.api.acme.dev }
`;

const shellConfig = (command: string[]) => `
apps:
  api:
    repository: acme/api
    provider: shell
    shell:
      command: ${JSON.stringify(command)}
      env: { GREETING: hello }
    environments:
      staging: {}
      quick: { timeout_minutes: 0.01 }
`;

describe('GitHub Actions provider', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it.each([
    ['run details in the dispatch answer (200)', true],
    ['a 204 dispatch, the run found by its title', false],
  ])(
    'dispatches the workflow with the deployment as inputs and follows the run to success: %s',
    async (_name, returnRunDetails) => {
      h = await startHarness({
        config: actionsConfig,
        github: { returnRunDetails, actionsPlan: () => ({ conclusion: 'success', durationMs: 200 }) },
      });
      const id = await h.deploy({});
      const success = await h.waitForState(id, 'success');
      expect(h.github.runs).toHaveLength(1);
      const run = h.github.runs[0]!;
      expect(run.workflow).toBe('deploy.yml');
      expect(run.inputs).toEqual({
        deployment_id: String(id),
        environment: 'staging',
        ref: 'main',
        sha: h.github.deployments[0]!.sha,
        task: 'deploy',
        noop: 'false',
        params: '{"region":"eu"}',
      });
      expect(success.log_url).toBe(`https://github.com/acme/api/actions/runs/${run.id}`);
      expect(success.description).toBe('GitHub Actions run succeeded');
      expect(h.states(id).at(-2)).toBe('in_progress');
    },
  );

  it('dispatches a sha deployment on the branch it came from (never a sha), the sha as input', async () => {
    h = await startHarness({
      config: actionsConfig,
      github: { returnRunDetails: true, actionsPlan: () => ({ conclusion: 'success', durationMs: 50 }) },
    });
    const old = h.github.push('acme/api', 'release/2');
    h.github.push('acme/api', 'release/2');
    const rollback = await h.deploy({ ref: old, chatops: { branch: 'release/2' } });
    await h.waitForState(rollback, 'success');
    const outside = await h.deploy({ ref: old, payload: {} });
    await h.waitForState(outside, 'success');
    const dispatches = h.github.received('POST', '/repos/acme/api/actions/workflows/deploy.yml/dispatches');
    expect(dispatches.map((d) => (d.body as { ref: string }).ref)).toEqual(['release/2', 'main']);
    expect(h.github.runs.map((r) => [r.inputs.ref, r.inputs.sha])).toEqual([
      [old, old],
      [old, old],
    ]);
  });

  it('reports a failed run as failure and cancels a run at the timeout', async () => {
    h = await startHarness({
      config: actionsConfig,
      github: {
        returnRunDetails: true,
        actionsPlan: (r) =>
          r.inputs.task === 'slow'
            ? { conclusion: 'success', durationMs: 60_000 }
            : { conclusion: 'failure', durationMs: 100 },
      },
      env: { HEAVEN_DEFAULT_TIMEOUT_MS: '400' },
    });
    const failed = await h.deploy({});
    expect((await h.waitForState(failed, 'failure')).description).toBe('GitHub Actions run failed');
    const slow = await h.deploy({ task: 'slow' });
    expect((await h.waitForState(slow, 'error')).description).toBe(
      'timed out after 400 ms; the GitHub Actions run was cancelled',
    );
    expect(h.github.received('POST', /\/actions\/runs\/\d+\/cancel$/)).toHaveLength(1);
  });
});

describe('shell provider', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('runs the argument list with DEPLOY_* variables and serves its log behind an unguessable link', async () => {
    const script =
      'console.log(process.env.GREETING, process.env.DEPLOY_ENVIRONMENT, process.env.DEPLOY_REF, ' +
      'process.env.DEPLOY_ID, typeof process.env.GITHUB_TOKEN)';
    h = await startHarness({ config: shellConfig([process.execPath, '-e', script]) });
    const id = await h.deploy({});
    const success = await h.waitForState(id, 'success');
    expect(success.log_url).toMatch(/^http:\/\/heaven\.test\/logs\/[a-f0-9]{32}$/);
    const path = new URL(success.log_url).pathname;
    const log = await fetch(`${h.url}${path}`);
    expect(log.status).toBe(200);
    expect(log.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(log.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await log.text()).toBe(`hello staging main ${id} undefined\n`);
    const guess = await fetch(`${h.url}/logs/${'0'.repeat(32)}`);
    expect(guess.status).toBe(404);
    expect(await guess.json()).toEqual({ error: 'no such log' });
  });

  it('reports a non-zero exit as failure', async () => {
    h = await startHarness({ config: shellConfig([process.execPath, '-e', 'process.exit(3)']) });
    const id = await h.deploy({});
    expect((await h.waitForState(id, 'failure')).description).toBe('shell command exited with code 3');
  });

  it('kills the process group at the timeout', async () => {
    const script =
      "const { spawn } = require('node:child_process'); " +
      "const c = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'inherit' }); " +
      "console.log('child', c.pid); setTimeout(() => {}, 60000)";
    h = await startHarness({ config: shellConfig([process.execPath, '-e', script]) });
    const id = await h.deploy({ environment: 'quick' });
    const error = await h.waitForState(id, 'error');
    expect(error.description).toBe('timed out after 600 ms; the shell run was cancelled');
    const log = await (await fetch(`${h.url}${new URL(error.log_url).pathname}`)).text();
    const grandchild = Number(/child (\d+)/.exec(log)?.[1]);
    expect(grandchild).toBeGreaterThan(0);
    await waitFor(() => {
      try {
        process.kill(grandchild, 0);
        return false;
      } catch {
        return true;
      }
    }, 'the grandchild to be killed with its group');
  });
});
