import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Stack } from '@chatops/sandbox';
import { waitFor, type SlackMessage } from '@chatops/testkit';
import { ALICE_USER, BOB_USER } from './support/slack-users.js';
import { startApiStack } from './support/start-api-stack.js';

// Issue 15's buttons on the deployment message through the three processes (built output), the
// strict fakes and real Redis: the notifier offers Promote and Rollback after a success on staging
// (promote_to: production); Promote deploys that exact sha to production as the presser, and a
// presser who may not deploy there is refused privately; Rollback rolls back and locks staging.
const CONFIG = `
defaults: { environment: staging, channel: C0DEPLOYS }
apps:
  api:
    repository: acme/api
    provider: circleci
    circleci: { project_slug: gh/acme/api }
    channel: C0DEPLOYS
    environments:
      staging: { promote_to: production }
      production: { production: true, deployers: [U0ALICE] }
`;

const ALICE = { id: 'U0ALICE', name: 'alice' };
const BOB = { id: 'U0BOB', name: 'bob' };
const MAIN = 'a'.repeat(40);
const FEATURE = 'c'.repeat(40);

const buttonIds = (m: SlackMessage) =>
  ((m.blocks ?? []) as Array<{ type: string; elements?: Array<{ action_id?: string }> }>)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .map((e) => e.action_id);

describe('buttons on the deployment message, three processes', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startApiStack({ config: CONFIG, branches: { 'feature-x': FEATURE }, users: [ALICE_USER, BOB_USER] });
  }, 60_000);

  afterAll(async () => stack?.stop(), 60_000);

  const answers = (responseId: string) => stack.slack.responsesTo(responseId).map((r) => r.body);
  const succeeded = (id: number) => stack.github.statusesOf(id).some((s) => s.state === 'success');
  /** The top-level message in C0DEPLOYS of the deployment `id` once it offers `actionId`. */
  const messageWith = (id: number, actionId: string) =>
    waitFor(
      () =>
        stack.slack
          .messagesIn('C0DEPLOYS')
          .find(
            (m) =>
              !m.thread_ts &&
              JSON.stringify(m.blocks ?? []).includes(`deployment #${id}`) &&
              buttonIds(m).includes(actionId),
          ) ?? null,
      `the message of #${id} with ${actionId}`,
      20_000,
    );

  it('Promote: bob is refused privately; alice deploys the same sha to production', async () => {
    await stack.slash('api/main to staging', { user_id: 'U0ALICE', user_name: 'alice', channel_id: 'C0DEPLOYS' });
    const staging = await waitFor(() => stack.github.deployments.find((d) => d.environment === 'staging'), 'staging');
    await waitFor(() => succeeded(staging.id) || null, 'the staging success', 30_000);
    const message = await messageWith(staging.id, 'chatops_promote');
    expect(buttonIds(message)).toEqual(['chatops_promote', 'chatops_rollback']);

    const bob = await stack.press(message, 'chatops_promote', BOB);
    expect(bob.status).toBe(200);
    expect(await waitFor(() => answers(bob.responseId)[0], 'the refusal')).toEqual({
      response_type: 'ephemeral',
      replace_original: false,
      text: 'You may not deploy to production. Those who may: <@U0ALICE>.',
    });

    const alice = await stack.press(message, 'chatops_promote', ALICE);
    expect(alice.status).toBe(200);
    const production = await waitFor(
      () => stack.github.deployments.find((d) => d.environment === 'production'),
      'the production deployment',
      20_000,
    );
    expect(production).toMatchObject({ sha: MAIN, ref: MAIN });
    expect(production.payload.chatops).toMatchObject({ requester: { slack_user_id: 'U0ALICE' }, branch: 'main' });
    await waitFor(() => succeeded(production.id) || null, 'the production success', 30_000);
    expect(stack.github.deployments.filter((d) => d.environment === 'production')).toHaveLength(1);
    // Production has no promote_to: its message offers Rollback only.
    expect(buttonIds(await messageWith(production.id, 'chatops_rollback'))).toEqual(['chatops_rollback']);
  }, 90_000);

  it('Rollback: rolls staging back to the last good sha and locks it to the presser', async () => {
    await stack.slash('api/feature-x to staging', { user_id: 'U0ALICE', user_name: 'alice', channel_id: 'C0DEPLOYS' });
    const feature = await waitFor(
      () => stack.github.deployments.find((d) => d.environment === 'staging' && d.sha === FEATURE),
      'the feature deployment',
      20_000,
    );
    await waitFor(() => succeeded(feature.id) || null, 'its success', 30_000);
    const message = await messageWith(feature.id, 'chatops_rollback');
    const press = await stack.press(message, 'chatops_rollback', ALICE);
    expect(press.status).toBe(200);
    const rollback = await waitFor(
      () =>
        stack.github.deployments.find(
          (d) => d.payload.chatops && (d.payload.chatops as { rollback_of?: number }).rollback_of === feature.id,
        ),
      'the rollback',
      20_000,
    );
    expect(rollback).toMatchObject({ environment: 'staging', sha: MAIN });
    // The channel is told of the lock through the press's response_url.
    const locked = await waitFor(
      () => answers(press.responseId).find((r) => String(r.text).includes(`rolled back #${feature.id}`)),
      'the lock after the rollback',
      20_000,
    );
    expect(locked).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(String(locked.text)).toMatch(/^<@U0ALICE> locked /);
    const bob = await stack.slash('api/feature-x to staging', {
      user_id: 'U0BOB',
      user_name: 'bob',
      channel_id: 'C0DEPLOYS',
    });
    const refused = await waitFor(() => answers(bob.responseId)[0], 'the lock refusal');
    expect(String(refused.text)).toContain(`rolled back #${feature.id}`);
    expect(String(refused.text)).toContain('<@U0ALICE>');
  }, 90_000);
});
