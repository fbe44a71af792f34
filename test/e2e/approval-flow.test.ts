import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Stack } from '@chatops/sandbox';
import { waitFor } from '@chatops/testkit';
import { apiConfig } from './support/api-config.js';
import { ALICE_USER, BOB_USER, CAROL_USER } from './support/slack-users.js';
import { startApiStack } from './support/start-api-stack.js';

// Issue 15's approvals through the three processes (built output), the strict fakes and real Redis:
// nothing is created until two approvers other than the requester approved; the deployment carries
// the approvals in its signed payload, which heaven and the notifier trust (the notifier updates the
// request's own message and shows who approved).
const CONFIG = apiConfig({
  environments: [
    'production:',
    '  production: true',
    '  deployers: [U0ALICE]',
    '  approval: { required: 2, approvers: [U0ALICE, U0BOB, U0CAROL] }',
  ],
});

const ALICE = { id: 'U0ALICE', name: 'alice' };
const BOB = { id: 'U0BOB', name: 'bob' };
const CAROL = { id: 'U0CAROL', name: 'carol' };

describe('approvals, three processes', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startApiStack({ config: CONFIG, users: [ALICE_USER, BOB_USER, CAROL_USER] });
  }, 60_000);

  afterAll(async () => stack?.stop(), 60_000);

  const answers = (responseId: string) => stack.slack.responsesTo(responseId).map((r) => String(r.body.text));

  it('the requester cannot approve; two approvers do; the deployment runs with the approvals signed in', async () => {
    await stack.slash('api to production', { user_id: 'U0ALICE', user_name: 'alice', channel_id: 'C0DEPLOYS' });
    const request = await waitFor(
      () => stack.slack.messagesIn('C0DEPLOYS').find((m) => JSON.stringify(m.blocks ?? []).includes('chatops_approve')),
      'the approval request',
      20_000,
    );
    expect(request.text).toContain('<@U0ALICE> asks to deploy *api*/`main` (`aaaaaaa`) to *production*.');
    expect(request.text).toContain('*Approvals: 0 of 2.*');

    const own = await stack.press(request, 'chatops_approve', ALICE);
    expect(await waitFor(() => answers(own.responseId)[0], 'the refusal')).toBe(
      'You asked for this deploy, so you cannot approve it: someone else must.',
    );
    const bob = await stack.press(request, 'chatops_approve', BOB);
    expect(await waitFor(() => answers(bob.responseId)[0], 'bob’s answer')).toBe(
      'You approved it (1 of 2); it waits for 1 more.',
    );
    expect(stack.github.deployments).toHaveLength(0);

    await stack.press(request, 'chatops_approve', CAROL);
    const deployment = await waitFor(() => stack.github.deployments[0], 'the deployment', 20_000);
    expect(deployment.payload.chatops).toMatchObject({
      requester: { slack_user_id: 'U0ALICE' },
      slack: { channel: request.channel, ts: request.ts },
      approvals: [
        { slack_user_id: 'U0BOB', name: expect.any(String), at: expect.any(String) },
        { slack_user_id: 'U0CAROL', name: expect.any(String), at: expect.any(String) },
      ],
    });
    await waitFor(
      () => stack.github.statusesOf(deployment.id).find((s) => s.state === 'success'),
      'the deployment to succeed',
      30_000,
    );
    // The notifier trusted the signed payload: it shows the statuses in the request's own message.
    await waitFor(
      () => {
        const m = stack.slack.messagesIn('C0DEPLOYS').find((x) => x.ts === request.ts);
        const all = JSON.stringify(m);
        return all.includes('approved by <@U0BOB>, <@U0CAROL>') && all.includes(':white_check_mark:') ? m : null;
      },
      'the request’s message to show the success and who approved',
      30_000,
    );
  }, 90_000);
});
