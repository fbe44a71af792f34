import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeSlack } from '../../src/index.js';
import type { Json } from '../../src/json.js';
import { slackFormCall } from '../helpers/slack-form-call.js';

const TOKEN = 'xoxb-limits-test-token';
const clock = { ms: Date.now() };
const slack = new FakeSlack({ token: TOKEN, now: () => clock.ms });

const api = (method: string, args: Record<string, unknown>) => slackFormCall(slack, TOKEN, method, args);
async function respond(id: string, body: unknown) {
  const res = await fetch(slack.responseUrl(id), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json');
  return { status: res.status, body: (json ? JSON.parse(text) : text) as Json | string };
}
const section = (t: string) => ({ type: 'section', text: { type: 'mrkdwn', text: t } });

beforeAll(() => slack.start());
afterAll(() => slack.stop());

describe('FakeSlack refuses what Slack refuses', () => {
  it('answers chat.postMessage with too many blocks invalid_blocks, and posts nothing', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(await api('chat.postMessage', { channel: 'C1', text: 'fallback', blocks })).toEqual({
      ok: false,
      error: 'invalid_blocks',
      errors: ['no more than 50 items allowed [json-pointer:/blocks]'],
      response_metadata: { messages: ['[ERROR] no more than 50 items allowed [json-pointer:/blocks]'] },
    });
    expect(slack.messagesIn('C1')).toHaveLength(0);
    expect(slack.refusals.at(-1)).toMatchObject({ path: '/api/chat.postMessage', body: { error: 'invalid_blocks' } });
  });

  it('answers msg_too_long past 40,000 characters, no_text to blocks without a fallback text', async () => {
    expect(await api('chat.postMessage', { channel: 'C1', text: 'x'.repeat(40_001) })).toEqual({
      ok: false,
      error: 'msg_too_long',
    });
    expect(await api('chat.postMessage', { channel: 'C1', blocks: [section('s')] })).toEqual({
      ok: false,
      error: 'no_text',
    });
    expect(await api('chat.postEphemeral', { channel: 'C1', user: 'U1', blocks: [section('s')] })).toEqual({
      ok: false,
      error: 'no_text',
    });
  });

  it('keeps a message’s blocks on a chat.update without blocks, and checks an update’s blocks', async () => {
    const posted = await api('chat.postMessage', { channel: 'C2', text: 'first', blocks: [section('one')] });
    expect(posted.ok).toBe(true);
    expect((await api('chat.update', { channel: 'C2', ts: posted.ts, text: 'second' })).ok).toBe(true);
    expect(slack.messagesIn('C2')[0]).toMatchObject({ text: 'second', blocks: [section('one')] });
    const tooLong = await api('chat.update', { channel: 'C2', ts: posted.ts, blocks: [section('x'.repeat(3001))] });
    expect(tooLong.error).toBe('invalid_blocks');
    expect((await api('chat.update', { channel: 'C2', ts: posted.ts, blocks: [section('two')] })).ok).toBe(true);
    expect(slack.messagesIn('C2')[0]).toMatchObject({ text: 'second', blocks: [section('two')] });
    expect((await api('chat.update', { channel: 'C2', ts: posted.ts, blocks: [] })).ok).toBe(true);
    expect(slack.messagesIn('C2')[0]?.blocks).toEqual([]);
  });

  it('takes 5 posts to a response_url; the 6th gets 404 used_url', async () => {
    for (let i = 1; i <= 5; i++)
      expect(await respond('R1', { text: `post ${i}` })).toEqual({ status: 200, body: 'ok' });
    expect(await respond('R1', { text: 'post 6' })).toEqual({ status: 404, body: { ok: false, error: 'used_url' } });
    expect(slack.responsesTo('R1').map((r) => r.body.text)).toEqual(['post 1', 'post 2', 'post 3', 'post 4', 'post 5']);
  });

  it('refuses a response_url 30 minutes after the interaction with 404 expired_url', async () => {
    slack.responseUrl('R2');
    clock.ms += 30 * 60_000 - 1;
    expect((await respond('R2', { text: 'just in time' })).status).toBe(200);
    clock.ms += 1;
    expect(await respond('R2', { text: 'too late' })).toEqual({
      status: 404,
      body: { ok: false, error: 'expired_url' },
    });
  });

  it('checks the blocks of a response_url post as the Web API’s', async () => {
    const res = await respond('R3', {
      text: 't',
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }],
    });
    expect(res).toMatchObject({ status: 400, body: { ok: false, error: 'invalid_blocks' } });
  });
});
