import { describe, expect, it } from '@jest/globals';
import { createLogger, createResponder, createSlackApi } from '@chatops/shared/runtime';
import { waitFor } from '@chatops/testkit';
import { repliesTo, settled, SLACK_TOKEN, harnessPerTest } from '../helpers/harness.js';

const h = harnessPerTest();

describe('Slack 429: a Retry-After holds the method for every job', () => {
  it('a second job does not post while the first one’s Retry-After runs; both post once it has passed', async () => {
    h.slack.failMethod('chat.postMessage', { status: 429, retryAfter: 2 });
    const first = await h.command('api to staging');
    const hold = `${h.prefix}:slack:hold:chat.postMessage`;
    await waitFor(async () => (await h.redis.pttl(hold)) > 0, 'the hold on chat.postMessage');
    const second = await h.command('api/feature-x to staging', { user_id: 'U0BOB' });
    expect(await settled(h, first.trigger)).toBe('completed');
    expect(await settled(h, second.trigger)).toBe('completed');
    const posts = h.slack.received('POST', '/api/chat.postMessage');
    expect(posts).toHaveLength(3);
    const [limited, ...after] = posts;
    for (const post of after) expect(post.at - limited!.at).toBeGreaterThanOrEqual(1900);
    expect(h.slack.messages).toHaveLength(2);
    expect(h.github.deployments).toHaveLength(2);
  });
});

describe('response_url: at most 5 posts', () => {
  it('an answer to a response_url that took its 5 posts goes out as chat.postEphemeral to the person', async () => {
    const url = h.slack.responseUrl('used-up');
    const slack = createSlackApi({
      token: SLACK_TOKEN,
      apiUrl: h.slack.apiUrl,
      logger: createLogger({ name: 'test', level: 'silent' }),
    });
    const responder = createResponder({ redis: h.redis, prefix: h.prefix, slack });
    const target = { responseUrl: url, receivedAt: new Date().toISOString(), channel: 'C0DEPLOYS', user: 'U0ALICE' };
    for (let i = 0; i < 5; i += 1) await responder.respond(target, { text: `earlier answer ${i + 1}` });
    const { trigger } = await h.command('locks', { response_url: url });
    expect(await settled(h, trigger)).toBe('completed');
    expect(repliesTo(h, 'used-up')).toHaveLength(5);
    expect(h.slack.callsOf('chat.postEphemeral').map((c) => c.args)).toEqual([
      expect.objectContaining({ channel: 'C0DEPLOYS', user: 'U0ALICE', text: 'No environment is locked.' }),
    ]);
  });
});
