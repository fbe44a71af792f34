import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '@chatops/sandbox';
import { waitFor } from '@chatops/testkit';
import { apiConfig } from './support/api-config.js';

// Issue 4 in the end-to-end harness: heaven SIGKILLed mid-deployment and started again; the
// deployment still finishes, with exactly one pipeline, and its one Slack message shows the end.
const CONFIG = apiConfig();

describe('heaven killed mid-deployment', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      config: CONFIG,
      repos: [{ name: 'acme/api', defaultBranch: 'main', branches: { main: 'c'.repeat(40) } }],
      users: [{ id: 'U0ALICE', name: 'alice' }],
      circlePlan: () => ({ workflows: [{ name: 'deploy', status: 'success', durationMs: 2500 }] }),
      env: { heaven: { HEAVEN_JOB_LOCK_MS: '2000', HEAVEN_POLL_INTERVAL_MS: '300', HEAVEN_POLL_MAX_MS: '1000' } },
    });
  }, 60_000);

  afterAll(async () => stack?.stop(), 60_000);

  it('finishes the deployment after a SIGKILL and restart, with exactly one pipeline', async () => {
    const reply = await stack.slash('api/main to staging', {
      user_id: 'U0ALICE',
      user_name: 'alice',
      channel_id: 'C0DEPLOYS',
    });
    expect(reply.status).toBe(200);
    await waitFor(() => stack.circleci.pipelines.length === 1, 'the pipeline', 20_000);
    // Kill once heaven has recorded the run (its in_progress status carries the pipeline's link):
    // a kill between CircleCI's answer and that record is the one documented window, where heaven
    // ends the deployment in error rather than risk a second pipeline.
    await waitFor(
      () =>
        stack.github.deployments[0] &&
        stack.github.statusesOf(stack.github.deployments[0].id).some((s) => s.state === 'in_progress' && s.log_url),
      'the in_progress status',
      20_000,
    );
    const killedPid = stack.services.heaven.pid;
    await stack.services.heaven.kill();
    await stack.services.heaven.start();
    expect(stack.services.heaven.pid).not.toBe(killedPid);

    const deployment = stack.github.deployments[0]!;
    const final = await waitFor(
      () => stack.github.statusesOf(deployment.id).find((s) => ['success', 'failure', 'error'].includes(s.state)),
      'a final status after the restart',
      40_000,
    );
    expect(final.state).toBe('success');
    expect(stack.circleci.pipelines).toHaveLength(1);
    expect(stack.github.statusesOf(deployment.id).filter((s) => s.state === 'success')).toHaveLength(1);
    const messages = await waitFor(
      () => {
        const top = stack.slack.messagesIn('C0DEPLOYS').filter((m) => !m.thread_ts);
        return top.length === 1 && /succe/i.test(JSON.stringify(top[0]!.blocks ?? top[0]!.text)) ? top : null;
      },
      'the Slack message to show success',
      20_000,
    );
    expect(messages).toHaveLength(1);
  }, 90_000);
});
