import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Stack } from '@chatops/sandbox';
import { interactionBody, slackSignatureHeaders, waitFor } from '@chatops/testkit';
import { apiConfig } from './support/api-config.js';
import { BOB_USER } from './support/slack-users.js';
import { startApiStack } from './support/start-api-stack.js';

// The deploy dialog through the three processes: Bob opens it with the Deploy shortcut, picks a
// branch the bot suggests, submits; heaven runs the deployment and the notifier shows it in the channel.
const CONFIG = apiConfig({ environments: ['production: { production: true, deployers: [U0ALICE] }'] });

type Block = { block_id?: string; element?: { options?: Array<{ value: string }>; initial_option?: unknown } };

describe('the deploy dialog, three processes', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startApiStack({ config: CONFIG, branches: { 'feature-x': 'b'.repeat(40) }, users: [BOB_USER] });
  }, 60_000);

  afterAll(async () => stack?.stop(), 60_000);

  const post = async (path: string, payload: unknown) => {
    const body = interactionBody(payload);
    const res = await fetch(`${stack.services.bot.url}${path}`, {
      method: 'POST',
      headers: slackSignatureHeaders(stack.secrets.SLACK_SIGNING_SECRET!, body, Math.floor(Date.now() / 1000)),
      body,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const block = (id: string) =>
    (stack.slack.viewsOf('U0BOB').modals.at(-1)?.blocks as Block[] | undefined)?.find((b) => b.block_id === id);

  it('opens with what Bob may deploy, suggests branches, and deploys what he submitted', async () => {
    expect((await post('/slack/interactions', stack.slack.interactions.shortcut('U0BOB', 'deploy'))).status).toBe(200);
    await waitFor(() => block('ref:api')?.element?.initial_option, 'the dialog with its default branch', 20_000);
    expect(block('environment:api')?.element?.options?.map((o) => o.value)).toEqual(['staging']);
    const options = await post('/slack/options', stack.slack.interactions.suggestion('U0BOB', 'ref', 'feat'));
    expect(options.body).toEqual({
      options: [{ text: { type: 'plain_text', text: 'feature-x' }, value: 'feature-x' }],
    });
    const submit = stack.slack.interactions.submission('U0BOB', {
      'ref:api': { text: 'feature-x', value: 'feature-x' },
    });
    expect(await post('/slack/interactions', submit)).toEqual({ status: 200, body: undefined });
    const deployment = await waitFor(() => stack.github.deployments[0], 'the deployment', 20_000);
    expect(deployment.request).toMatchObject({ ref: 'feature-x', environment: 'staging', task: 'deploy' });
    await waitFor(
      () => stack.slack.messagesIn('C0DEPLOYS').find((m) => m.text.includes('succeeded')),
      'the success in the channel',
      30_000,
    );
    expect(stack.github.deployments).toHaveLength(1);
  }, 60_000);
});
