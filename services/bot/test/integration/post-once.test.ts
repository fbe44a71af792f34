import { describe, expect, it } from '@jest/globals';
import { WebClient } from '@slack/web-api';
import { jobId } from '@chatops/shared/contracts';
import { createMarkStore } from '../../src/stores/mark-store.js';
import { settled, SLACK_TOKEN, harnessPerTest } from '../helpers/harness.js';

const h = harnessPerTest();

describe('bot worker: a worker killed between Slack posting the message and the bot noting it', () => {
  /**
   * What the dead attempt left behind: its "posting" mark and, if Slack got the post, the message with the trigger
   * in its metadata.
   */
  const leftBehind = async (trigger: string, posted: boolean) => {
    await createMarkStore(h.redis, h.prefix).remember(
      `posting-${jobId(trigger)}`,
      String(Math.floor(Date.now() / 1000)),
      600,
    );
    const web = new WebClient(SLACK_TOKEN, { slackApiUrl: h.slack.apiUrl });
    await web.chat.postMessage({
      channel: 'C0DEPLOYS',
      text: 'another command',
      metadata: { event_type: 'chatops_command', event_payload: { trigger: 'someone-else' } },
    });
    const mine = posted
      ? await web.chat.postMessage({
          channel: 'C0DEPLOYS',
          text: '<@U0ALICE> is deploying…',
          metadata: { event_type: 'chatops_command', event_payload: { trigger: jobId(trigger) } },
        })
      : null;
    await web.chat.postMessage({ channel: 'C0DEPLOYS', text: 'a person talking' });
    return mine?.ts;
  };

  it('the retry finds the message by its metadata (conversations.history) and posts no second one', async () => {
    const trigger = `${Date.now()}.crashed.trigger`;
    const ts = await leftBehind(trigger, true);
    await h.command('api to staging', { trigger_id: trigger });
    expect(await settled(h, trigger)).toBe('completed');
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(3);
    expect(h.slack.callsOf('conversations.history')).toHaveLength(1);
    expect(h.slack.callsOf('conversations.history')[0]!.args).toMatchObject({
      channel: 'C0DEPLOYS',
      include_all_metadata: true,
    });
    expect(h.github.deployments).toHaveLength(1);
    expect(
      (h.github.deployments[0]!.request as { payload: { chatops: { slack: unknown } } }).payload.chatops.slack,
    ).toEqual({ channel: 'C0DEPLOYS', ts });
    expect(h.slack.messages.find((m) => m.ts === ts)!.text).toContain(
      `deployment #${h.github.deployments[0]!.id} created`,
    );
  });

  it('Slack never got the post: the retry looks, finds nothing, and posts it once', async () => {
    const trigger = `${Date.now()}.lost.trigger`;
    await leftBehind(trigger, false);
    await h.command('api to staging', { trigger_id: trigger });
    expect(await settled(h, trigger)).toBe('completed');
    expect(h.slack.callsOf('conversations.history')).toHaveLength(1);
    const mine = h.slack.messages.filter(
      (m) =>
        (m.metadata as { event_payload?: { trigger?: string } } | undefined)?.event_payload?.trigger === jobId(trigger),
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]!.text).toContain('created');
  });

  it('a bot without the history scope (missing_scope) posts again rather than not at all', async () => {
    const trigger = `${Date.now()}.noscope.trigger`;
    await leftBehind(trigger, true);
    h.slack.failMethod('conversations.history', { error: 'missing_scope' });
    await h.command('api to staging', { trigger_id: trigger });
    expect(await settled(h, trigger)).toBe('completed');
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(4);
    expect(h.github.deployments).toHaveLength(1);
  });

  it(
    'a first attempt marks before posting and puts the trigger in the message metadata; ' +
      'it never reads the history',
    async () => {
      const { trigger } = await h.command('api to staging');
      expect(await settled(h, trigger)).toBe('completed');
      expect(h.slack.messages[0]!.metadata).toEqual({
        event_type: 'chatops_command',
        event_payload: { trigger: jobId(trigger) },
      });
      expect(await createMarkStore(h.redis, h.prefix).recall(`posting-${jobId(trigger)}`)).toMatch(/^\d{10}$/);
      expect(h.slack.callsOf('conversations.history')).toHaveLength(0);
    },
  );
});
