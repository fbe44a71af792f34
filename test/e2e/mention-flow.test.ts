import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { renderMessage, type Stack } from '@chatops/sandbox';
import { appMentionEvent, eventCallback, slackEventHeaders, urlVerification, waitFor } from '@chatops/testkit';
import { ALICE_USER } from './support/slack-users.js';
import { startApiStack } from './support/start-api-stack.js';

// "@chatops deploy api to staging" through the three processes: Slack's Events API request to the
// bot, the command's job, heaven's CI run, the notifier's message; the answers in the mention's thread.
describe('an @-mention, three processes', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startApiStack({ users: [ALICE_USER] });
  }, 60_000);

  afterAll(async () => stack?.stop(), 60_000);

  /** Posts an Events API body to the bot as Slack does (signed; a retry with its headers). */
  const post = async (body: unknown, retryNum?: number) => {
    const raw = JSON.stringify(body);
    const res = await fetch(`${stack.services.bot.url}/slack/events`, {
      method: 'POST',
      headers: slackEventHeaders(stack.secrets.SLACK_SIGNING_SECRET!, raw, retryNum ? { retryNum } : {}),
      body: raw,
    });
    return { status: res.status, body: await res.text() };
  };

  it("answers Slack's url_verification challenge", async () => {
    expect(await post(urlVerification('e2e-challenge'))).toEqual({
      status: 200,
      body: '{"challenge":"e2e-challenge"}',
    });
  });

  it('deploys once, answers in the thread, and the deployment message runs to success in the channel', async () => {
    const event = appMentionEvent({ user: 'U0ALICE', text: '<@U0BOT> deploy api to staging', channel: 'C0DEPLOYS' });
    const envelope = eventCallback(event, { eventId: 'Ev0E2EMENTION' });
    expect(await post(envelope)).toEqual({ status: 200, body: '' });
    expect(await post(envelope, 1)).toEqual({ status: 200, body: '' });

    const deployment = await waitFor(() => stack.github.deployments[0], 'the deployment', 20_000);
    expect(deployment).toMatchObject({ repository: 'acme/api', environment: 'staging', ref: 'main' });
    expect(deployment.payload.chatops).toMatchObject({ app: 'api', requester: { slack_user_id: 'U0ALICE' } });
    const thread = () => stack.slack.messagesIn('C0DEPLOYS').filter((m) => m.thread_ts === event.ts);
    await waitFor(() => thread().length === 2, 'the two answers in the thread', 20_000);
    expect(thread().map((m) => m.text)).toEqual([
      'On it: deploy api to staging.',
      `Deployment #${deployment.id} of *api*/\`main\` to staging created. Its progress shows in the channel.`,
    ]);
    await waitFor(
      () => stack.github.statusesOf(deployment.id).some((s) => s.state === 'success'),
      'the deployment to succeed',
      30_000,
    );
    const channel = () => stack.slack.messagesIn('C0DEPLOYS').filter((m) => !m.thread_ts);
    await waitFor(
      () => channel().length === 1 && /succe/i.test([channel()[0]!.text, ...renderMessage(channel()[0]!)].join('\n')),
      'the deployment message to show success',
      20_000,
    );
    expect(stack.github.deployments).toHaveLength(1);
    expect(stack.circleci.pipelines).toHaveLength(1);
  }, 60_000);
});
