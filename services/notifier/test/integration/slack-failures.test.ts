import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { waitFor } from '@chatops/testkit';
import { statusJob } from '../helpers/jobs.js';
import { mainMessages, startNotifier, threadReplies, TOKEN, type Notifier } from '../helpers/start-notifier.js';

let n: Notifier;
let others: Notifier[];
beforeEach(async () => {
  n = await startNotifier();
  others = [];
});
afterEach(async () => {
  for (const other of others) await other.close();
  await n.close();
});

const job = (id: string) => n.notifications.getJob(id);
const posts = () => n.slack.received('POST', '/api/chat.postMessage');
const updates = () => n.slack.received('POST', '/api/chat.update');
const completed = (id: string) => async () => (await job(id))?.finishedOn;
const HOW_TO_FIX = {
  channel_not_found:
    'the channel id is wrong or the bot cannot see it: check "channel" in the apps config (CHATOPS_CONFIG), ' +
    'and invite the bot to private channels',
  not_in_channel: 'invite the bot to the channel (/invite @<bot>) or give the app the chat:write.public scope',
  invalid_auth: 'SLACK_BOT_TOKEN is not valid for this workspace: set the bot token (xoxb-…) of the installed app',
};

describe('the log', () => {
  it('says how to fix a permanent Slack error and never shows the token', async () => {
    await n.close();
    const lines: string[] = [];
    n = await startNotifier({ logLines: lines });
    n.slack.failMethod('chat.postMessage', { error: 'invalid_auth' });
    const id = await n.addStatus(statusJob({ statusId: 1, state: 'queued' }));
    await waitFor(async () => (await job(id))?.failedReason, 'the failure');
    await waitFor(() => lines.some((l) => l.includes('job failed for good')), 'the log line');
    const line = JSON.parse(lines.find((l) => l.includes('job failed for good'))!) as { level: number; msg: string };
    expect(line.level).toBe(50);
    expect(line.msg).toBe(
      'job failed for good: Slack chat.postMessage answered invalid_auth (channel C0STAGING); ' +
        `to fix: ${HOW_TO_FIX.invalid_auth}`,
    );
    expect(lines.join('\n')).not.toContain(TOKEN);
  });
});

describe('when Slack says 429', () => {
  it('holds chat.postMessage for every job until Retry-After has passed, then shows them all', async () => {
    n.slack.failMethod('chat.postMessage', { status: 429, retryAfter: 1 });
    const limited = await n.addStatus(statusJob({ statusId: 1, state: 'queued', deploymentId: 1 }));
    await waitFor(() => posts().length === 1, 'the rate-limited call');
    const limitedAt = posts()[0]!.at;
    const other = await n.addStatus(statusJob({ statusId: 2, state: 'queued', deploymentId: 2, environment: 'qa' }));
    await waitFor(async () => (await n.notifications.getJobState(other)) === 'delayed', 'the other job to wait');
    expect(Date.now() - limitedAt).toBeLessThan(1000);
    await waitFor(completed(other), 'the other channel', 10_000);
    await waitFor(completed(limited), 'the rate-limited job', 10_000);
    const after = posts().slice(1);
    expect(after).toHaveLength(2);
    for (const call of after) expect(call.at - limitedAt).toBeGreaterThanOrEqual(1000);
    expect(mainMessages(n.slack, 'C0APP')).toHaveLength(1);
    expect(mainMessages(n.slack, 'C0STAGING')).toHaveLength(1);
    expect((await job(limited))!.attemptsMade).toBe(1);
  });

  it('lets no job of another notifier process update the same message inside the window', async () => {
    await waitFor(completed(await n.addStatus(statusJob({ statusId: 1, state: 'queued' }))), 'the message');
    n.slack.failMethod('chat.update', { status: 429, retryAfter: 3 });
    const limited = await n.addStatus(statusJob({ statusId: 2, state: 'in_progress', at: '2026-11-26T10:00:05Z' }));
    await waitFor(() => updates().length === 1, 'the rate-limited update');
    const limitedAt = updates()[0]!.at;
    // This process ends; another one, which never saw the 429, takes the next status of the same deployment.
    await n.stop();
    const second = await startNotifier({ slack: n.slack, prefix: n.prefix });
    others.push(second);
    const next = await second.addStatus(statusJob({ statusId: 3, state: 'success', at: '2026-11-26T10:00:30Z' }));
    await waitFor(async () => (await second.notifications.getJobState(next)) === 'delayed', 'the held update');
    expect(Date.now() - limitedAt).toBeLessThan(3000);
    expect(updates()).toHaveLength(1);
    await waitFor(completed(next), 'the next status', 15_000);
    await waitFor(completed(limited), 'the rate-limited status', 15_000);
    for (const call of n.slack.callsOf('chat.update').slice(1))
      expect(call.at - limitedAt).toBeGreaterThanOrEqual(3000);
    const [message] = mainMessages(n.slack, 'C0STAGING');
    expect(message!.text).toBe('octocat deployed api feature-x (f95f852) to staging: succeeded');
    expect(mainMessages(n.slack, 'C0STAGING')).toHaveLength(1);
  });
});

describe('when Slack says no', () => {
  it.each(['channel_not_found', 'not_in_channel', 'invalid_auth'] as const)(
    'fails the job at once on %s, saying how to fix it',
    async (error) => {
      n.slack.failMethod('chat.postMessage', { error });
      const id = await n.addStatus(statusJob({ statusId: 1, state: 'queued' }));
      await waitFor(async () => (await job(id))?.failedReason, 'the failure');
      const failed = (await job(id))!;
      expect(failed.attemptsMade).toBe(1);
      expect(failed.failedReason).toBe(
        `Slack chat.postMessage answered ${error} (channel C0STAGING); to fix: ${HOW_TO_FIX[error]}`,
      );
      expect(posts()).toHaveLength(1);
    },
  );

  it('updates the message it already posted when a job is retried, never posting a second', async () => {
    await waitFor(completed(await n.addStatus(statusJob({ statusId: 1, state: 'in_progress' }))), 'in_progress');
    // the success updates the message, then its thread reply fails three times (twice retried inside the call)
    n.slack.failMethod('chat.postMessage', { status: 500 }, 3);
    const id = await n.addStatus(statusJob({ statusId: 2, state: 'success' }));
    await waitFor(completed(id), 'the retried success', 10_000);
    expect((await job(id))!.attemptsMade).toBe(2);
    expect(mainMessages(n.slack, 'C0STAGING')).toHaveLength(1);
    expect(mainMessages(n.slack, 'C0STAGING')[0]!.text).toContain(': succeeded');
    expect(threadReplies(n.slack, 'C0STAGING')).toHaveLength(1);
  });

  it('retries a server error and then shows the status', async () => {
    n.slack.failMethod('chat.postMessage', { status: 503 }, 3);
    const id = await n.addStatus(statusJob({ statusId: 1, state: 'queued' }));
    await waitFor(completed(id), 'the status', 10_000);
    expect((await job(id))!.attemptsMade).toBeGreaterThanOrEqual(1);
    expect(mainMessages(n.slack, 'C0STAGING')).toHaveLength(1);
  });
});
