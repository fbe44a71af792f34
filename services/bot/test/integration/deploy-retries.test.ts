import { describe, expect, it } from '@jest/globals';
import { repliesTo, settled, harnessPerTest } from '../helpers/harness.js';

const h = harnessPerTest();

const deploymentRequests = () => h.github.received('POST', /^\/repos\/acme\/[^/]+\/deployments$/);

describe('bot worker: transient failures are retried', () => {
  it.each([
    ['a 502', { status: 502, body: { message: 'Bad Gateway' } }],
    ['a dropped connection', 'reset' as const],
  ])('%s is retried; one message and one deployment in the end', async (_name, failure) => {
    h.github.failNext('POST', /\/deployments$/, failure);
    const { trigger } = await h.command('api to staging');
    expect(await settled(h, trigger)).toBe('completed');
    expect(deploymentRequests()).toHaveLength(2);
    expect(h.github.deployments).toHaveLength(1);
    expect(h.slack.messages).toHaveLength(1);
    expect(h.slack.messages[0]!.text).toContain('deployment #');
  });

  it('Slack 429 on the message: the job waits as asked, then posts one message', async () => {
    h.slack.failMethod('chat.postMessage', { status: 429, retryAfter: 1 });
    const { trigger } = await h.command('api to staging');
    expect(await settled(h, trigger)).toBe('completed');
    expect(h.slack.received('POST', '/api/chat.postMessage')).toHaveLength(2);
    expect(h.slack.messages).toHaveLength(1);
    expect(h.github.deployments).toHaveLength(1);
  });

  it('a 429 with Retry-After delays the job as asked, then succeeds', async () => {
    h.github.failNext('POST', /\/deployments$/, {
      status: 429,
      body: { message: 'API rate limit exceeded' },
      headers: { 'retry-after': '1' },
    });
    const { trigger } = await h.command('api to staging');
    expect(await settled(h, trigger)).toBe('completed');
    const [first, second] = deploymentRequests();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
    expect(h.github.deployments).toHaveLength(1);
  });

  it('after the last try, the person is told and the message says GitHub did not answer', async () => {
    h.github.failNext('POST', /\/deployments$/, { status: 503, body: { message: 'unavailable' } }, 10);
    const { trigger, responseId } = await h.command('api to staging');
    expect(await settled(h, trigger)).toBe('failed');
    expect(deploymentRequests()).toHaveLength(3);
    expect(repliesTo(h, responseId)).toEqual([
      {
        response_type: 'ephemeral',
        text: 'Sorry, GitHub did not answer after several tries, so I could not finish this. Please try again later.',
      },
    ]);
    expect(h.slack.messages).toHaveLength(1);
    expect(h.slack.messages[0]!.text).toBe(
      '<@U0ALICE> could not deploy *api*/`main` to *staging*: GitHub did not answer.',
    );
  });
});
