import { describe, expect, it } from '@jest/globals';
import { slackSignatureHeaders } from '@chatops/testkit';
import { type DeployOptions, deployOnGitHub } from '../helpers/deployments.js';
import { repliesTo, settled, SIGNING_SECRET, harnessPerTest } from '../helpers/harness.js';

const h = harnessPerTest();

const deployed = (ref: string, environment: string, states: string[], opts?: DeployOptions) =>
  deployOnGitHub(h, ref, environment, states, opts);

describe('confirmation buttons', () => {
  const press = (
    user: string,
    actionId: string,
    message: { channel: string; ts: string; blocks?: unknown[] },
    responseId: string,
    trigger: string,
  ) => {
    const actions = (
      message.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>
    ).find((b) => b.type === 'actions')!;
    const button = actions.elements!.find((e) => e.action_id === actionId)!;
    return h.press({
      type: 'block_actions',
      trigger_id: trigger,
      team: { id: 'T0FAKE' },
      user: { id: user, name: user.toLowerCase() },
      channel: { id: message.channel },
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
      message: { ts: message.ts, blocks: message.blocks },
      response_url: h.slack.responseUrl(responseId),
      actions: [{ ...button, type: 'button', action_ts: `${Date.now() / 1000}` }],
    });
  };
  const ask = async (text = 'api to gated') => {
    const asked = await h.command(text);
    await settled(h, asked.trigger);
    const message = h.slack.messages.at(-1)!;
    return { ...asked, message, question: { channel: message.channel, ts: message.ts, blocks: message.blocks } };
  };

  it(
    'posts the question in the channel, refuses a press by someone else, ' +
      'deploys on the requester’s Confirm in the same message',
    async () => {
      const { message, question, responseId } = await ask();
      expect(message.channel).toBe('C0DEPLOYS');
      expect(message.text).toBe('<@U0ALICE> asks to deploy *api*/`main` to *gated*. Confirm within 5 minutes?');
      expect(repliesTo(h, responseId)).toEqual([
        {
          response_type: 'ephemeral',
          text: 'Waiting for your confirmation: press Confirm on the message in the channel within 5 minutes.',
        },
      ]);
      expect(h.github.deployments).toHaveLength(0);

      expect((await press('U0BOB', 'chatops_confirm', question, 'bob', 't-bob')).status).toBe(200);
      await settled(h, 't-bob');
      expect(repliesTo(h, 'bob')).toEqual([
        {
          response_type: 'ephemeral',
          replace_original: false,
          text: 'Only <@U0ALICE>, who asked, may confirm or cancel this.',
        },
      ]);
      expect(h.github.deployments).toHaveLength(0);

      await press('U0ALICE', 'chatops_confirm', question, 'alice', 't-alice');
      await settled(h, 't-alice');
      expect(h.github.deployments).toHaveLength(1);
      const d = h.github.deployments[0]!;
      expect(d.environment).toBe('gated');
      expect(d.payload).toMatchObject({
        chatops: { confirmed_by: 'U0ALICE', slack: { channel: 'C0DEPLOYS', ts: message.ts } },
      });
      expect(h.slack.messages).toHaveLength(1);
      expect(message.history[1]).toMatchObject({
        text: '<@U0ALICE> confirmed "deploy api/main to gated"…',
        blocks: [],
      });
      expect(message.blocks).toEqual([]);
      expect(message.text).toContain(`deployment #${d.id} created`);
      expect(repliesTo(h, 'alice').at(-1)).toMatchObject({
        replace_original: false,
        text: expect.stringContaining('created'),
      });

      await press('U0ALICE', 'chatops_confirm', question, 'again', 't-again');
      await settled(h, 't-again');
      expect(repliesTo(h, 'again')[0]!.text).toBe(
        'This confirmation has expired (5 minutes) or was already answered. Run the command again.',
      );
      expect(h.github.deployments).toHaveLength(1);
    },
  );

  it('Cancel creates nothing and says so in the message', async () => {
    const { message, question } = await ask();
    await press('U0ALICE', 'chatops_cancel', question, 'c1', 't-c1');
    await settled(h, 't-c1');
    expect(message.text).toBe('<@U0ALICE> cancelled "deploy api/main to gated". Nothing was deployed.');
    expect(message.blocks).toEqual([]);
    expect(h.github.deployments).toHaveLength(0);
  });

  it('a press after 5 minutes is refused; the scheduled expiry then closes the question', async () => {
    const { message, question, trigger } = await ask();
    h.now.ms += 5 * 60_000 + 1000;
    await press('U0ALICE', 'chatops_confirm', question, 'c2', 't-c2');
    await settled(h, 't-c2');
    expect(repliesTo(h, 'c2')[0]!.text).toBe(
      'This confirmation has expired (5 minutes) or was already answered. Run the command again.',
    );
    const expiry = await h.queues.commands.getJob(`expire-${trigger.replace(/[^A-Za-z0-9_.-]/g, '_')}`);
    expect(await expiry!.getState()).toBe('delayed');
    expect(expiry!.opts.delay).toBe(301_000);
    await expiry!.changeDelay(0);
    await settled(h, trigger, expiry!.id);
    expect(message.text).toBe(
      'Expired: nobody confirmed "deploy api/main to gated" within 5 minutes. Nothing was deployed.',
    );
    expect(h.github.deployments).toHaveLength(0);
  });

  it('a rollback to a confirm environment asks first, then deploys the resolved sha', async () => {
    await deployed('main', 'gated', ['success']);
    const current = await deployed('feature-x', 'gated', ['success']);
    const { message, question } = await ask('rollback api gated');
    expect(message.text).toBe(
      '<@U0ALICE> asks to deploy *api*/`aaaaaaa` to *gated* (rolling back deployment #' +
        current +
        '). Confirm within 5 minutes?',
    );
    await press('U0ALICE', 'chatops_confirm', question, 'rb', 't-rb');
    await settled(h, 't-rb');
    expect(h.github.deployments.at(-1)!.request).toMatchObject({
      ref: 'a'.repeat(40),
      environment: 'gated',
      payload: { chatops: { rollback_of: current, confirmed_by: 'U0ALICE', branch: 'main' } },
    });
  });

  it('answers 401 to an unsigned press and 400 to a malformed payload, enqueueing nothing', async () => {
    const unsigned = await h.inject({
      method: 'POST',
      url: '/slack/interactions',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'payload=%7B%7D',
    });
    expect(unsigned.statusCode).toBe(401);
    const bad = await h.press({ nope: true });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({
      error: 'malformed_body',
      message: 'the interaction payload lacks user or type',
    });
    const notJson = await h.inject({
      method: 'POST',
      url: '/slack/interactions',
      headers: slackSignatureHeaders(SIGNING_SECRET, 'payload=%7Bnot', Math.floor(h.now.ms / 1000)),
      payload: 'payload=%7Bnot',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toEqual({
      error: 'malformed_body',
      message: 'expected a form field payload holding JSON',
    });
    expect(await h.queues.commands.count()).toBe(0);
  });
});
