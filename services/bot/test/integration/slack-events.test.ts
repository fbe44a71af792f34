import { describe, expect, it } from '@jest/globals';
import { createQueue } from '@chatops/shared/runtime';
import { appMentionEvent, eventCallback, slackSignatureHeaders, urlVerification } from '@chatops/testkit';
import { postEvent } from '../helpers/events.js';
import { createRecordingProducer } from '../fakes/recording-producer.js';
import { createHarness, harnessPerTest, jobCount, QUEUES, type Harness } from '../helpers/harness.js';

const h = harnessPerTest({ worker: false });

const eventsQueue = (harness: Harness) =>
  createQueue(QUEUES.slackEvents, { connection: harness.redis, prefix: harness.prefix });

async function eventJobs(harness: Harness) {
  const queue = eventsQueue(harness);
  try {
    const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
    return { count: await jobCount(queue), jobs: jobs.map((j) => ({ id: j.id, name: j.name, data: j.data })) };
  } finally {
    await queue.close();
  }
}

const mention = (text = '<@U0BOT> deploy api to staging') =>
  eventCallback(appMentionEvent({ user: 'U0ALICE', text, channel: 'C0DEPLOYS', ts: '1764480000.000100' }), {
    eventId: 'Ev0MENTION1',
    eventTime: 1764480000,
  });

describe('POST /slack/events', () => {
  it("answers Slack's url_verification with its challenge", async () => {
    const res = await postEvent(h, urlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'));
    expect(res).toEqual({ status: 200, body: '{"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}' });
  });

  it('refuses a bad signature with 401, a challenge included, and enqueues nothing', async () => {
    expect(await postEvent(h, urlVerification('abc'), { secret: 'another-signing-secret' })).toEqual({
      status: 401,
      body: '{"error":"invalid_signature","message":"Slack signature mismatch"}',
    });
    expect(await postEvent(h, mention(), { secret: 'another-signing-secret' })).toMatchObject({ status: 401 });
    const stale = await postEvent(h, mention(), { timestampSec: Math.floor(h.now.ms / 1000) - 301 });
    expect(stale).toEqual({
      status: 401,
      body: '{"error":"invalid_signature","message":"stale or future Slack request timestamp"}',
    });
    expect((await eventJobs(h)).count).toBe(0);
  });

  it('refuses a body that is not JSON (415 by type, 400 by content) or not an envelope, with the reason', async () => {
    const raw = JSON.stringify(mention());
    const form = await h.inject({
      method: 'POST',
      url: '/slack/events',
      headers: slackSignatureHeaders('test-signing-secret-123', raw, Math.floor(h.now.ms / 1000)),
      payload: raw,
    });
    expect([form.statusCode, form.body]).toEqual([
      415,
      '{"error":"unsupported_media_type","message":"expected application/json"}',
    ]);
    expect(await postEvent(h, '{"type":')).toEqual({
      status: 400,
      body: '{"error":"malformed_body","message":"the body is not JSON"}',
    });
    expect(await postEvent(h, { challenge: 'x' })).toEqual({
      status: 400,
      body: '{"error":"malformed_body","message":"the body is not a Slack event envelope (no \\"type\\")"}',
    });
    const { event_id: _, ...noId } = mention();
    const res = await postEvent(h, noId);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({
      error: 'malformed_body',
      message: 'event_callback: event_id: Invalid input: expected string, received undefined',
    });
    expect((await eventJobs(h)).count).toBe(0);
  });

  it('enqueues an app_mention (job name: its type, id: its event_id) and answers an empty 200', async () => {
    const res = await postEvent(h, mention());
    expect(res).toEqual({ status: 200, body: '' });
    const { count, jobs } = await eventJobs(h);
    expect(count).toBe(1);
    expect(jobs).toEqual([
      {
        id: 'event-Ev0MENTION1',
        name: 'app_mention',
        data: {
          event_id: 'Ev0MENTION1',
          event_time: 1764480000,
          team_id: 'T0FAKE',
          bot_user_id: 'U0BOT',
          received_at: new Date(h.now.ms).toISOString(),
          event: {
            type: 'app_mention',
            user: 'U0ALICE',
            text: '<@U0BOT> deploy api to staging',
            channel: 'C0DEPLOYS',
            ts: '1764480000.000100',
            event_ts: '1764480000.000100',
          },
        },
      },
    ]);
  });

  it("answers Slack's retries (X-Slack-Retry-Num) 200 and adds no second job", async () => {
    expect(await postEvent(h, mention())).toEqual({ status: 200, body: '' });
    expect(await postEvent(h, mention(), { retryNum: 1, retryReason: 'http_timeout' })).toEqual({
      status: 200,
      body: '',
    });
    expect(await postEvent(h, mention(), { retryNum: 2, retryReason: 'http_error' })).toEqual({
      status: 200,
      body: '',
    });
    const { count, jobs } = await eventJobs(h);
    expect(count).toBe(1);
    expect(jobs.map((j) => j.id)).toEqual(['event-Ev0MENTION1']);
  });

  it('enqueues a first delivery that arrives as a retry (the first one was lost)', async () => {
    expect(await postEvent(h, mention(), { retryNum: 1, retryReason: 'http_error' })).toEqual({
      status: 200,
      body: '',
    });
    expect((await eventJobs(h)).count).toBe(1);
  });

  it('answers 200, enqueues nothing, for a type it does not handle, another envelope, a bot or itself', async () => {
    const reaction = eventCallback({ type: 'reaction_added', user: 'U0ALICE', reaction: 'tada', event_ts: '1.000001' });
    expect(await postEvent(h, reaction)).toEqual({ status: 200, body: '' });
    expect(await postEvent(h, { type: 'app_rate_limited', minute_rate_limited: 1518467820 })).toEqual({
      status: 200,
      body: '',
    });
    const byBot = eventCallback({
      ...appMentionEvent({ user: 'U0OTHERBOT', text: '<@U0BOT> deploy api' }),
      bot_id: 'B0X',
    });
    expect(await postEvent(h, byBot)).toEqual({ status: 200, body: '' });
    const byItself = eventCallback(appMentionEvent({ user: 'U0BOT', text: '<@U0BOT> deploy api' }));
    expect(await postEvent(h, byItself)).toEqual({ status: 200, body: '' });
    expect((await eventJobs(h)).count).toBe(0);
  });

  it('answers 503 when the job cannot be enqueued, so that Slack delivers the event again', async () => {
    const { producer } = createRecordingProducer();
    const broken = await createHarness({
      overrides: {
        producer: {
          ...producer,
          async slackEvent() {
            throw new Error('Connection is closed.');
          },
        },
      },
    });
    try {
      expect(await postEvent(broken, mention())).toEqual({
        status: 503,
        body: '{"error":"unavailable","message":"the event could not be queued; Slack will retry"}',
      });
    } finally {
      await broken.close();
    }
  });
});
