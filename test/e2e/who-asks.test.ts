import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '@chatops/sandbox';
import { randomUUID } from 'node:crypto';
import { blockActionsBody, slackSignatureHeaders, waitFor, type SlackMessage } from '@chatops/testkit';
import { apiConfig } from './support/api-config.js';

// Every command and button checks who asks, on the running processes: a button press forged by
// another user for someone's confirmation deploys nothing; the requester's own press deploys once.
const CONFIG = apiConfig({
  rateLimitPerMinute: 1000,
  environments: ['production: { production: true, deployers: [U0ALICE], confirm: true }'],
});
const ALICE = { id: 'U0ALICE', name: 'alice' };
const MALLORY = { id: 'U0MALLORY', name: 'mallory' };

describe('who asks: commands and buttons', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      config: CONFIG,
      repos: [{ name: 'acme/api', defaultBranch: 'main', branches: { main: 'a'.repeat(40) } }],
      users: [ALICE, MALLORY],
    });
  }, 60_000);

  afterAll(async () => stack?.stop(), 60_000);

  const question = () =>
    waitFor(
      () => stack.slack.messagesIn('C0DEPLOYS').find((m) => JSON.stringify(m.blocks ?? []).includes('chatops_confirm')),
      'the confirmation question',
      20_000,
    );
  /** A button press as Slack sends it, by `user`, on the button `actionId` of `message`. */
  const press = async (message: SlackMessage, actionId: string, user: { id: string; name: string }) => {
    const responseId = randomUUID();
    const actions = (message.blocks as Array<{ elements?: Array<{ action_id: string; value: string }> }>).flatMap(
      (b) => b.elements ?? [],
    );
    const button = actions.find((a) => a.action_id === actionId)!;
    const body = blockActionsBody({
      type: 'block_actions',
      team: { id: 'T0FAKE' },
      user: { id: user.id, name: user.name },
      trigger_id: `${Date.now()}.${randomUUID().slice(0, 8)}`,
      response_url: stack.slack.responseUrl(responseId),
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel },
      channel: { id: message.channel },
      actions: [{ action_id: button.action_id, value: button.value, action_ts: `${Date.now() / 1000}` }],
    });
    const res = await fetch(`${stack.services.bot.url}/slack/interactions`, {
      method: 'POST',
      headers: slackSignatureHeaders(stack.secrets.SLACK_SIGNING_SECRET!, body),
      body,
    });
    return { status: res.status, responseId };
  };
  const answerTo = (id: string) =>
    waitFor(() => stack.slack.responsesTo(id)[0]?.body.text as string | undefined, 'the answer to the press', 20_000);

  it('refuses a production deploy by a non-deployer at once, with nothing queued', async () => {
    const reply = await stack.slash('api to production', {
      user_id: MALLORY.id,
      user_name: MALLORY.name,
      channel_id: 'C0DEPLOYS',
    });
    expect(reply).toMatchObject({
      status: 200,
      body: { response_type: 'ephemeral', text: 'You may not deploy to production. Those who may: <@U0ALICE>.' },
    });
  });

  it('a press by someone else is refused privately and deploys nothing; ' +
    "the requester's press deploys once", async () => {
    const asked = await stack.slash('api to production', {
      user_id: ALICE.id,
      user_name: ALICE.name,
      channel_id: 'C0DEPLOYS',
    });
    expect(asked.status).toBe(200);
    // A copy of the question as it was: the buttons are gone from the live message once answered.
    const message: SlackMessage = structuredClone(await question());

    const forged = await press(message, 'chatops_confirm', MALLORY);
    expect(forged.status).toBe(200);
    expect(await answerTo(forged.responseId)).toBe('Only <@U0ALICE>, who asked, may confirm or cancel this.');
    const cancelled = await press(message, 'chatops_cancel', MALLORY);
    expect(await answerTo(cancelled.responseId)).toBe('Only <@U0ALICE>, who asked, may confirm or cancel this.');
    await new Promise((r) => setTimeout(r, 500));
    expect(stack.github.deployments).toEqual([]);

    const confirmed = await press(message, 'chatops_confirm', ALICE);
    expect(confirmed.status).toBe(200);
    const deployment = await waitFor(() => stack.github.deployments[0], 'the confirmed deployment', 20_000);
    expect(deployment.payload.chatops).toMatchObject({
      requester: { slack_user_id: 'U0ALICE' },
      confirmed_by: 'U0ALICE',
    });

    const again = await press(message, 'chatops_confirm', ALICE);
    expect(await answerTo(again.responseId)).toBe(
      'This confirmation has expired (5 minutes) or was already answered. Run the command again.',
    );
    expect(stack.github.deployments).toHaveLength(1);
  }, 60_000);
});
