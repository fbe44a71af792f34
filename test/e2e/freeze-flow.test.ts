import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Stack } from '@chatops/sandbox';
import { waitFor } from '@chatops/testkit';
import { apiConfig } from './support/api-config.js';
import { ALICE_USER, BOB_USER } from './support/slack-users.js';
import { startApiStack } from './support/start-api-stack.js';

// Issue 15's freezes through the three processes (built output), the strict fakes and real Redis:
// the bot refuses and lets an overrider force with a reason; heaven refuses a deployment made in
// GitHub's UI; the notifier shows both.
const CONFIG = apiConfig({
  timeZone: 'UTC',
  environments: [
    'production:',
    '  production: true',
    '  deployers: [U0ALICE, U0BOB]',
    '  overriders: [U0ALICE]',
    '  freezes:',
    '    - { from: 2020-01-01, to: 2099-01-01, reason: Release freeze }',
  ],
});

const ALICE = { user_id: 'U0ALICE', user_name: 'alice', channel_id: 'C0DEPLOYS' };
const BOB = { user_id: 'U0BOB', user_name: 'bob', channel_id: 'C0DEPLOYS' };
const UNTIL = 'Thu 2099-01-01 00:00 UTC';

describe('freezes, three processes', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startApiStack({ config: CONFIG, users: [ALICE_USER, BOB_USER] });
  }, 60_000);

  afterAll(async () => stack?.stop(), 60_000);

  const answers = (responseId: string) => stack.slack.responsesTo(responseId).map((r) => r.body);

  it('bob is refused with the reason and the end; alice forces with a reason, announced; it deploys', async () => {
    const bob = await stack.slash('api to production', BOB);
    const refused = await waitFor(() => answers(bob.responseId)[0], 'the refusal');
    expect(refused).toEqual({
      response_type: 'ephemeral',
      text: expect.stringMatching(/^api production is frozen until Thu 2099-01-01 00:00 UTC \(in /),
    });
    expect(String(refused.text)).toMatch(
      /\): Release freeze\. Only <@U0ALICE> may deploy during a freeze \(with `force` and a reason\)\.$/,
    );
    const alice = await stack.slash('api to production force hotfix INC-42', ALICE);
    const deployment = await waitFor(() => stack.github.deployments[0], 'the forced deployment', 20_000);
    expect(deployment.payload.chatops).toMatchObject({ forced: true, force_reason: 'hotfix INC-42' });
    await waitFor(
      () => stack.github.statusesOf(deployment.id).find((s) => s.state === 'success'),
      'the forced deployment to succeed',
      30_000,
    );
    const announced = await waitFor(
      () => answers(alice.responseId).find((b) => b.response_type === 'in_channel'),
      'the announcement',
    );
    expect(String(announced.text)).toContain(
      ':snowflake: <@U0ALICE> deploys *api*/`main` to *production* during a freeze (Release freeze, until',
    );
    expect(String(announced.text)).toContain('Reason: "hotfix INC-42"');
  }, 60_000);

  it("a deployment made in GitHub's UI during the freeze ends in error before any CI starts", async () => {
    const pipelines = stack.circleci.pipelines.length;
    const created = await fetch(`${stack.github.url}/repos/acme/api/deployments`, {
      method: 'POST',
      headers: { authorization: `token ${stack.secrets.GITHUB_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ref: 'main', environment: 'production', auto_merge: false, required_contexts: [] }),
    });
    const { id } = (await created.json()) as { id: number };
    const error = await waitFor(
      () => stack.github.statusesOf(id).find((s) => s.state === 'error'),
      'the error status',
      30_000,
    );
    expect(error.description).toBe(`production is frozen until ${UNTIL}: Release freeze`);
    expect(stack.circleci.pipelines).toHaveLength(pipelines);
    // The notifier shows it in the channel.
    await waitFor(
      () =>
        stack.slack
          .messagesIn('C0DEPLOYS')
          .some((m) => JSON.stringify(m).includes(`production is frozen until ${UNTIL}: Release freeze`)),
      'the message of the refused deployment',
      30_000,
    );
  }, 60_000);
});
