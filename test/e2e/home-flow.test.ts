import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Stack } from '@chatops/sandbox';
import { appHomeOpenedEvent, appMentionEvent, eventCallback, slackEventHeaders, waitFor } from '@chatops/testkit';
import { ALICE_USER, BOB_USER } from './support/slack-users.js';
import { startApiStack } from './support/start-api-stack.js';

// The Home tab through the three processes: Bob opens it (the Events API), Alice deploys; heaven runs
// the deployment, the notifier shows each status and tells the bot, which publishes Bob's Home again.
type Block = { type: string; text?: { text: string } };

describe('the Home tab, three processes', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startApiStack({ users: [ALICE_USER, BOB_USER] });
  }, 60_000);

  afterAll(async () => stack?.stop(), 60_000);

  const post = async (body: unknown) => {
    const raw = JSON.stringify(body);
    const res = await fetch(`${stack.services.bot.url}/slack/events`, {
      method: 'POST',
      headers: slackEventHeaders(stack.secrets.SLACK_SIGNING_SECRET!, raw),
      body: raw,
    });
    return res.status;
  };
  const staging = (user: string) =>
    ((stack.slack.viewsOf(user).home?.blocks ?? []) as Block[]).find((b) => b.text?.text.startsWith('*staging*'))?.text
      ?.text ?? '';

  it('shows what runs there once the deployment succeeded, to the one who opened it only', async () => {
    expect(await post(eventCallback(appHomeOpenedEvent('U0BOB'), { eventId: 'Ev0E2EHOME' }))).toBe(200);
    await waitFor(() => staging('U0BOB'), "Bob's Home", 20_000);
    expect(staging('U0BOB')).toBe('*staging*\n:grey_question: No deployment known here yet.');

    const mention = appMentionEvent({ user: 'U0ALICE', text: '<@U0BOT> deploy api to staging', channel: 'C0DEPLOYS' });
    expect(await post(eventCallback(mention, { eventId: 'Ev0E2EDEPLOY' }))).toBe(200);
    const deployment = await waitFor(() => stack.github.deployments[0], 'the deployment', 20_000);
    await waitFor(() => staging('U0BOB').includes('succeeded'), "Bob's Home showing the success", 30_000);
    expect(staging('U0BOB').split('\n')[1]).toMatch(
      /^:white_check_mark: Runs `main` `aaaaaaa` · succeeded · <@U0ALICE> · <!date\^\d+\^\{ago\}\|[^>]+>/,
    );
    expect(stack.github.statusesOf(deployment.id).at(-1)?.state).toBe('success');
    expect(stack.slack.viewsOf('U0ALICE').home).toBeNull();
  }, 60_000);
});
