import { describe, expect, it } from '@jest/globals';
import { verifyChatopsPayload } from '@chatops/shared/contracts';
import { appMentionEvent, eventCallback, type FakeDeployment } from '@chatops/testkit';
import { createMarkStore } from '../../src/stores/mark-store.js';
import { createRateCounter } from '../../src/stores/rate-counter.js';
import { eventSettled, postEvent } from '../helpers/events.js';
import { harnessPerTest, PAYLOAD_SECRET, repliesTo, settled } from '../helpers/harness.js';

const h = harnessPerTest();

let seq = 0;
/** @-mentions the app in #deploys as `user` and waits until the mention and its command (if any) are handled. */
async function mention(text: string, options: { user?: string; thread_ts?: string; eventId?: string } = {}) {
  seq += 1;
  const eventId = options.eventId ?? `Ev0M${seq}`;
  const ts = `1764480000.${String(seq).padStart(6, '0')}`;
  const event = appMentionEvent({
    user: options.user ?? 'U0ALICE',
    text,
    channel: 'C0DEPLOYS',
    ts,
    ...(options.thread_ts ? { thread_ts: options.thread_ts } : {}),
  });
  const res = await postEvent(h, eventCallback(event, { eventId }));
  expect(res).toEqual({ status: 200, body: '' });
  expect(await eventSettled(h, eventId)).toBe('completed');
  return { eventId, ts, trigger: `event-${eventId}` };
}

/** What the app wrote in a thread of #deploys, in order. */
const thread = (ts: string) =>
  h.slack
    .messagesIn('C0DEPLOYS')
    .filter((m) => m.thread_ts === ts)
    .map((m) => m.text);

/** A deployment's request without what differs from one deployment to the next (nonce, signature, message ts). */
function comparable(d: FakeDeployment) {
  const { payload, ...request } = d.request as { payload: { chatops: Record<string, unknown> } };
  const { nonce: _n, signature: _s, slack: _m, ...chatops } = payload.chatops;
  return { ...request, chatops };
}

describe('app_mention: "@chatops deploy api to staging" is the slash command, answered in the thread', () => {
  it('creates the deployment exactly as /deploy does, and answers in the mention’s thread', async () => {
    const m = await mention('<@U0BOT> deploy api to staging');
    expect(await settled(h, m.trigger)).toBe('completed');
    expect(h.github.deployments).toHaveLength(1);
    const byMention = h.github.deployments[0]!;
    expect(thread(m.ts)).toEqual([
      'On it: deploy api to staging.',
      `Deployment #${byMention.id} of *api*/\`main\` to staging created. Its progress shows in the channel.`,
    ]);
    const target = { repository: 'acme/api', environment: 'staging', ref: 'main', task: 'deploy' };
    const signed = verifyChatopsPayload((byMention.request as { payload: unknown }).payload, target, PAYLOAD_SECRET);
    expect(signed).toMatchObject({
      kind: 'signed',
      chatops: { app: 'api', requester: { slack_user_id: 'U0ALICE', name: 'Alice' } },
    });
    // The channel's deployment message is the command's, not in the thread.
    const [announcement] = h.slack.messagesIn('C0DEPLOYS').filter((msg) => !msg.thread_ts);
    expect(announcement!.text).toBe(
      `<@U0ALICE> is deploying *api*/\`main\` (\`aaaaaaa\`) to *staging*: deployment #${byMention.id} created.`,
    );

    const typed = await h.command('deploy api to staging', { user_id: 'U0ALICE' });
    expect(typed.body).toEqual({ response_type: 'ephemeral', text: 'On it: deploy api to staging.' });
    expect(await settled(h, typed.trigger)).toBe('completed');
    const byCommand = h.github.deployments[1]!;
    expect(comparable(byMention)).toEqual(comparable(byCommand));
    expect(repliesTo(h, typed.responseId)).toEqual([
      {
        response_type: 'ephemeral',
        text: `Deployment #${byCommand.id} of *api*/\`main\` to staging created. Its progress shows in the channel.`,
      },
    ]);
  });

  it('refuses in the thread, with the exact refusal of the command, a mention by someone not allowed', async () => {
    // S0OPS's members are not cached yet: the HTTP side lets it through, the worker refuses it.
    const refusal = 'You may not deploy to production. Those who may: <@U0ALICE>, <!subteam^S0OPS>.';
    const m = await mention('<@U0BOT> deploy api to production', { user: 'U0BOB' });
    expect(await settled(h, m.trigger)).toBe('completed');
    expect(thread(m.ts)).toEqual(['On it: deploy api to production.', refusal]);
    // The worker cached S0OPS's members: now the HTTP side refuses at once, with the same words, for both.
    const typed = await h.command('deploy api to production', { user_id: 'U0BOB' });
    expect(typed.body).toEqual({ response_type: 'ephemeral', text: refusal });
    const again = await mention('<@U0BOT> deploy api to production', { user: 'U0BOB' });
    expect(thread(again.ts)).toEqual([refusal]);
    expect(await h.queues.commands.getJob(`slack-${again.trigger}`)).toBeUndefined();
    expect(h.github.deployments).toHaveLength(0);
  });

  it('refuses at once in the thread what the command refuses at once (a channel the app is not in)', async () => {
    const m = await mention('<@U0BOT> deploy web to staging');
    const typed = await h.command('deploy web to staging');
    expect(typed.body!.text).toBe('web can only be deployed from <#C0WEB>.');
    expect(thread(m.ts)).toEqual([typed.body!.text]);
    expect(await h.queues.commands.getJob(`slack-${m.trigger}`)).toBeUndefined();
    expect(h.github.deployments).toHaveLength(0);
  });

  it('answers a mistake and help in the thread, like the command; a mention in a thread, in that thread', async () => {
    const wrong = await mention('<@U0BOT> deploy nothing-here to staging');
    const typed = await h.command('deploy nothing-here to staging');
    expect(thread(wrong.ts)).toEqual([typed.body!.text]);
    const help = await mention('<@U0BOT>: help', { thread_ts: '1764470000.000001' });
    expect(help.ts).not.toBe('1764470000.000001');
    const typedHelp = await h.command('help');
    expect(thread('1764470000.000001')).toEqual([typedHelp.body!.text]);
    expect(h.github.deployments).toHaveLength(0);
  });

  it('does the work once when Slack delivers the event again; ignores a mention not addressed to it', async () => {
    const m = await mention('<@U0BOT> deploy api to staging', { eventId: 'Ev0TWICE' });
    expect(await settled(h, m.trigger)).toBe('completed');
    const event = appMentionEvent({ user: 'U0ALICE', text: '<@U0BOT> deploy api to staging', ts: m.ts });
    const again = await postEvent(h, eventCallback(event, { eventId: 'Ev0TWICE' }), { retryNum: 1 });
    expect(again).toEqual({ status: 200, body: '' });
    expect(await eventSettled(h, 'Ev0TWICE')).toBe('completed');
    expect(h.github.deployments).toHaveLength(1);
    expect(thread(m.ts)).toHaveLength(2);

    const aside = await mention('thanks <@U0BOT>, deploy api to staging worked');
    expect(thread(aside.ts)).toEqual([]);
    expect(h.github.deployments).toHaveLength(1);
  });

  it('answers at the rate limit like the command; a retry after the acknowledgement enqueues, uncounted', async () => {
    const rates = createRateCounter(h.redis, h.prefix);
    for (let i = 0; i < 5; i += 1) await rates.hit('U0ALICE', 5, h.now.ms);
    const limited = await mention('<@U0BOT> deploy api to staging');
    expect(thread(limited.ts)).toEqual(['Slow down: at most 5 commands a minute. Try again in a minute.']);
    expect(await h.queues.commands.getJob(`slack-${limited.trigger}`)).toBeUndefined();

    // An earlier try of this event job acknowledged it, then could not enqueue: this one enqueues it, silently.
    const command = { action: 'deploy', app: 'api', environment: 'staging', force: false, noop: false, params: {} };
    await createMarkStore(h.redis, h.prefix).remember('mention-Ev0LOST', JSON.stringify(command), 60);
    const m = await mention('<@U0BOT> deploy api to staging', { eventId: 'Ev0LOST' });
    expect(await settled(h, m.trigger)).toBe('completed');
    expect(h.github.deployments).toHaveLength(1);
    const created = h.github.deployments[0]!;
    expect(thread(m.ts)).toEqual([
      `Deployment #${created.id} of *api*/\`main\` to staging created. Its progress shows in the channel.`,
    ]);
  });
});
