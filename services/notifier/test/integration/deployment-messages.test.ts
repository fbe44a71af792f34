import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { waitFor } from '@chatops/testkit';
import { statusJob } from '../helpers/jobs.js';
import { mainMessages, startNotifier, threadReplies, type Notifier } from '../helpers/start-notifier.js';

let n: Notifier;
beforeEach(async () => {
  n = await startNotifier();
});
afterEach(async () => {
  await n.close();
});

const completed = (id: string) => async () => (await n.notifications.getJob(id))?.finishedOn;
const json = (v: unknown) => JSON.stringify(v);

/** Posts a message as the bot would, and returns its ts. */
async function botMessage(channel: string): Promise<string> {
  const res = await fetch(`${n.slack.apiUrl}chat.postMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-test-token-notifier' },
    body: JSON.stringify({ channel, text: 'alice asked to deploy api/feature-x to staging' }),
  });
  return ((await res.json()) as { ts: string }).ts;
}

describe('the deployment message', () => {
  it("updates the bot's message in place for every status, then replies in its thread", async () => {
    const ts = await botMessage('C0CHAT');
    const chatops = { slack: { channel: 'C0CHAT', ts } };
    for (const [statusId, state, at] of [
      [1, 'queued', '10:00:02'],
      [2, 'in_progress', '10:00:05'],
      [3, 'success', '10:01:05'],
    ] as const) {
      const id = await n.addStatus(
        statusJob({ statusId, state, chatops, at: `2026-11-26T${at}Z`, logUrl: 'https://ci.example/7' }),
      );
      await waitFor(completed(id), `status ${state}`);
    }
    const [message] = mainMessages(n.slack, 'C0CHAT');
    expect(mainMessages(n.slack, 'C0CHAT')).toHaveLength(1);
    expect(n.slack.callsOf('chat.update')).toHaveLength(3);
    expect(message!.ts).toBe(ts);
    expect(message!.history.slice(1).map((h) => h.text)).toEqual([
      'alice deploying api feature-x (f95f852) to staging: queued',
      'alice deploying api feature-x (f95f852) to staging: in progress',
      'alice deployed api feature-x (f95f852) to staging: succeeded',
    ]);
    expect(json(message!.blocks)).toContain('<https://ci.example/7|open the log>');
    const replies = threadReplies(n.slack, 'C0CHAT');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.thread_ts).toBe(ts);
    expect(replies[0]!.text).toBe('Deployed api feature-x (f95f852) to staging in 1m 00s');
  });

  it('keeps a finished deployment finished when an older status arrives late', async () => {
    const ts = await botMessage('C0CHAT');
    const chatops = { slack: { channel: 'C0CHAT', ts } };
    await waitFor(
      completed(await n.addStatus(statusJob({ statusId: 3, state: 'failure', chatops, at: '2026-11-26T10:01:00Z' }))),
      'failure',
    );
    await waitFor(
      completed(
        await n.addStatus(statusJob({ statusId: 2, state: 'in_progress', chatops, at: '2026-11-26T10:00:05Z' })),
      ),
      'late in_progress',
    );
    const [message] = mainMessages(n.slack, 'C0CHAT');
    expect(message!.text).toBe('alice failed to deploy api feature-x (f95f852) to staging: failed');
    expect(json(message!.blocks)).toContain('started +5.0 s');
    expect(threadReplies(n.slack, 'C0CHAT')).toHaveLength(1);
  });

  it('mentions the person who deployed in the thread when it fails, and tells production’s channel', async () => {
    const ts = await botMessage('C0CHAT');
    const chatops = { slack: { channel: 'C0CHAT', ts } };
    const id = await n.addStatus(
      statusJob({
        statusId: 5,
        state: 'failure',
        chatops,
        environment: 'production',
        production: true,
        logUrl: 'https://ci.example/9',
      }),
    );
    await waitFor(completed(id), 'failure');
    const [reply] = threadReplies(n.slack, 'C0CHAT');
    expect(reply!.thread_ts).toBe(ts);
    expect(reply!.text).toBe('<@U0ALICE> deploying api feature-x (f95f852) to production failed in 0 ms');
    expect(json(reply!.blocks)).toContain('<https://ci.example/9|CI log>');
    const prod = n.slack.messagesIn('C0PROD');
    expect(prod).toHaveLength(1);
    expect(prod[0]!.text).toBe(reply!.text);
  });

  it('posts one message naming the GitHub user for a deployment made outside chat, and updates it', async () => {
    await waitFor(
      completed(await n.addStatus(statusJob({ statusId: 1, state: 'in_progress', creator: 'hubot-auto' }))),
      'in_progress',
    );
    await waitFor(
      completed(await n.addStatus(statusJob({ statusId: 2, state: 'success', creator: 'hubot-auto' }))),
      'success',
    );
    const messages = mainMessages(n.slack, 'C0STAGING');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toBe('hubot-auto deployed api feature-x (f95f852) to staging: succeeded');
    expect(json(messages[0]!.blocks)).toContain('<https://github.com/hubot-auto|hubot-auto> (GitHub)');
    expect(n.slack.callsOf('chat.update')).toHaveLength(1);
    expect(threadReplies(n.slack, 'C0STAGING')).toHaveLength(1);
    expect(await n.redis.get(`${n.prefix}:message:deployment-145988746`)).toContain(`"ts":"${messages[0]!.ts}"`);
  });

  it('posts a message anew when the one it updated was deleted', async () => {
    await waitFor(completed(await n.addStatus(statusJob({ statusId: 1, state: 'queued' }))), 'queued');
    const [first] = mainMessages(n.slack, 'C0STAGING');
    n.slack.messages.splice(n.slack.messages.indexOf(first!), 1);
    await waitFor(completed(await n.addStatus(statusJob({ statusId: 2, state: 'in_progress' }))), 'in_progress');
    await waitFor(
      completed(await n.addStatus(statusJob({ statusId: 3, state: 'in_progress', at: '2026-11-26T10:00:09Z' }))),
      'again',
    );
    const messages = mainMessages(n.slack, 'C0STAGING');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.ts).not.toBe(first!.ts);
    expect(messages[0]!.updates).toBe(1);
  });

  it('shows each status once when the same webhook is delivered twice', async () => {
    const job = statusJob({ statusId: 1, state: 'queued' });
    await waitFor(completed(await n.addStatus(job)), 'first');
    await n.notifications.add('deployment-status', job, { jobId: 'redelivered-1' });
    await waitFor(async () => (await n.notifications.getJob('redelivered-1'))?.finishedOn, 'redelivery');
    expect(mainMessages(n.slack, 'C0STAGING')).toHaveLength(1);
    expect(n.slack.callsOf('chat.update')).toHaveLength(0);
  });
});
