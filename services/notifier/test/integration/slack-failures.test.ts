import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { waitFor } from '@chatops/testkit';
import { statusJob } from '../helpers/jobs.js';
import { mainMessages, startNotifier, threadReplies, TOKEN, type Notifier } from '../helpers/start-notifier.js';

let n: Notifier;
beforeEach(async () => {
  n = await startNotifier();
});
afterEach(async () => {
  await n.close();
});

const job = (id: string) => n.notifications.getJob(id);
const posts = () => n.slack.received('POST', '/api/chat.postMessage');
const completed = (id: string) => async () => (await job(id))?.finishedOn;

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
    expect(line.msg).toContain('to fix: SLACK_BOT_TOKEN is not valid for this workspace');
    expect(lines.join('\n')).not.toContain(TOKEN);
  });
});

describe('when Slack says no', () => {
  it('waits as long as Retry-After says on 429, without blocking other channels', async () => {
    n.slack.failMethod('chat.postMessage', { status: 429, retryAfter: 1 });
    const limited = await n.addStatus(statusJob({ statusId: 1, state: 'queued', deploymentId: 1 }));
    await waitFor(() => posts().length === 1, 'the rate-limited call');
    const startedAt = Date.now();
    await waitFor(async () => (await n.notifications.getJobState(limited)) === 'delayed', 'the job to be delayed');
    const other = await n.addStatus(statusJob({ statusId: 2, state: 'queued', deploymentId: 2, environment: 'qa' }));
    await waitFor(completed(other), 'the other channel');
    expect(mainMessages(n.slack, 'C0APP')).toHaveLength(1);
    expect(mainMessages(n.slack, 'C0STAGING')).toHaveLength(0);
    await waitFor(completed(limited), 'the rate-limited job', 10_000);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(900);
    expect(mainMessages(n.slack, 'C0STAGING')).toHaveLength(1);
    expect((await job(limited))!.attemptsMade).toBe(1);
    expect(posts()).toHaveLength(3);
  });

  it.each([
    ['channel_not_found', 'check "channel" in the apps config'],
    ['not_in_channel', 'invite the bot to the channel'],
    ['invalid_auth', 'SLACK_BOT_TOKEN is not valid'],
  ])('fails the job at once on %s, saying how to fix it', async (error, fix) => {
    n.slack.failMethod('chat.postMessage', { error });
    const id = await n.addStatus(statusJob({ statusId: 1, state: 'queued' }));
    await waitFor(async () => (await job(id))?.failedReason, 'the failure');
    const failed = (await job(id))!;
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toContain(
      `[notifier] Slack chat.postMessage failed: ${error} (channel C0STAGING); to fix: `,
    );
    expect(failed.failedReason).toContain(fix);
    expect(failed.failedReason).not.toContain(TOKEN);
    expect(posts()).toHaveLength(1);
  });

  it('updates the message it already posted when a job is retried, never posting a second', async () => {
    await waitFor(completed(await n.addStatus(statusJob({ statusId: 1, state: 'in_progress' }))), 'in_progress');
    // the success updates the message, then its thread reply fails twice (500, retried inside the client too)
    n.slack.failMethod('chat.postMessage', { status: 500 }, 2);
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
