import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '@chatops/sandbox';
import { waitFor } from '@chatops/testkit';

// Issue 15's custom deployment protection rule through the three processes (built output), the
// strict fakes and real Redis: GitHub's signed deployment_protection_rule webhook reaches heaven, the
// bot posts the approval request in the environment's channel, an approver approves in Slack, and
// the bot answers the run through the review endpoint with the GitHub App's installation token.
const CONFIG = `
defaults: { environment: staging, channel: C0DEPLOYS }
apps:
  api:
    repository: acme/api
    provider: github-actions
    github_actions: { workflow: deploy.yml }
    channel: C0DEPLOYS
    environments:
      staging: {}
      production:
        production: true
        approval: { approvers: [U0BOB] }
`;

const BOB = { id: 'U0BOB', name: 'bob' };
const SHA = 'a'.repeat(40);

describe('a GitHub Actions run approved from Slack, three processes', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      config: CONFIG,
      githubApp: true,
      repos: [{ name: 'acme/api', defaultBranch: 'main', branches: { main: SHA } }],
      users: [{ id: 'U0BOB', name: 'bob', real_name: 'Bob Builder' }],
    });
  }, 60_000);

  afterAll(async () => stack?.stop(), 60_000);

  it('the run waits; the request is posted; Bob approves; GitHub hears approved with his name', async () => {
    expect(
      await stack.github.requestProtectionRule('acme/api', {
        environment: 'production',
        runId: 555,
        ref: 'main',
        sha: SHA,
      }),
    ).toBe(202);
    const request = await waitFor(
      () => stack.slack.messagesIn('C0DEPLOYS').find((m) => JSON.stringify(m.blocks ?? []).includes('chatops_approve')),
      'the approval request',
      20_000,
    );
    expect(request.text).toContain(
      'A GitHub Actions run waits to deploy `main` (`aaaaaaa`) of acme/api to *production* (api): ' +
        '<https://github.com/acme/api/actions/runs/555|workflow run 555>, started by octocat.',
    );
    await waitFor(() => stack.github.protectionReviews[0], 'the progress comment', 20_000);
    expect(stack.github.protectionReviews[0]).toEqual({
      repository: 'acme/api',
      run_id: 555,
      environment_name: 'production',
      comment: 'Waiting for approval in Slack: an approver must approve this run.',
    });
    await stack.press(request, 'chatops_approve', BOB);
    const decision = await waitFor(() => stack.github.protectionReviews.find((r) => r.state), 'the decision', 20_000);
    expect(decision).toEqual({
      repository: 'acme/api',
      run_id: 555,
      environment_name: 'production',
      state: 'approved',
      comment: 'Approved in Slack by @bob.',
    });
    expect(stack.github.deployments).toHaveLength(0);
  }, 90_000);
});
