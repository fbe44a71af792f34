import { describe, expect, it } from '@jest/globals';
import { answerRoute } from '../../src/health/answer-route.js';

const enqueuedAt = Date.parse('2026-11-26T10:00:00Z');

describe('answerRoute', () => {
  it('answers through the response_url, with the channel and person to fall back on', () => {
    const reply = {
      response_url: 'https://hooks.slack.com/commands/1',
      channel: 'C1',
      user_id: 'U1BOB',
      received_at: '2026-11-26T09:59:58Z',
    };
    expect(answerRoute(reply, enqueuedAt)).toEqual({
      kind: 'respond',
      target: {
        responseUrl: reply.response_url,
        receivedAt: '2026-11-26T09:59:58Z',
        channel: 'C1',
        user: 'U1BOB',
      },
    });
  });

  it('counts the 30 minutes of a response_url from when the job was made when the bot did not say', () => {
    const route = answerRoute({ response_url: 'https://hooks.slack.com/commands/1' }, enqueuedAt);
    expect(route).toMatchObject({ kind: 'respond', target: { receivedAt: '2026-11-26T10:00:00.000Z' } });
  });

  it('mentions the person in the channel only by a real user id', () => {
    expect(answerRoute({ channel: 'C1', user_id: 'U1BOB' }, enqueuedAt)).toEqual({
      kind: 'channel',
      channel: 'C1',
      mention: '<@U1BOB>',
    });
    expect(answerRoute({ channel: 'C1', user_id: 'U1> <!here' }, enqueuedAt)).toEqual({
      kind: 'channel',
      channel: 'C1',
      mention: null,
    });
    expect(answerRoute(undefined, enqueuedAt)).toEqual({ kind: 'nowhere' });
  });
});
