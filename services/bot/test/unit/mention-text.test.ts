import { describe, expect, it } from '@jest/globals';
import { mentionText } from '../../src/handlers/mention-text.js';
import { readEventEnvelope } from '../../src/routes/slack-event-envelope.js';

describe('mentionText: the command after the leading mention of the app', () => {
  it.each([
    ['<@U0BOT> deploy api to staging', 'U0BOT', 'deploy api to staging'],
    ['  <@U0BOT|chatops>: lock api staging  ', 'U0BOT', 'lock api staging'],
    ['<@U0BOT>, help', 'U0BOT', 'help'],
    ['<@U0BOT>', 'U0BOT', ''],
    ['<@U0BOT> deploy api to staging key=a&amp;b &lt;x&gt;', 'U0BOT', 'deploy api to staging key=a&b <x>'],
    ['<@U0ANY> deploy api', undefined, 'deploy api'],
    ['<@U0ALICE> deploy api', 'U0BOT', null],
    ['thanks <@U0BOT>', 'U0BOT', null],
    ['deploy api', 'U0BOT', null],
  ])('%j (app %s) -> %j', (text, bot, expected) => {
    expect(mentionText(text, bot)).toBe(expected);
  });
});

describe('readEventEnvelope', () => {
  const handles = (type: string) => type === 'app_mention';
  const envelope = (
    event: Record<string, unknown>,
    authorizations: unknown[] = [{ user_id: 'U0BOT', is_bot: true }],
  ) => ({
    type: 'event_callback',
    team_id: 'T0FAKE',
    event_id: 'Ev1',
    event_time: 1,
    event,
    authorizations,
  });
  const at = '2026-11-30T05:00:00.000Z';

  it('makes an event the bot handles a job with a deterministic id, the app user from authorizations', () => {
    const event = { type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> help', channel: 'C1', ts: '1.000001' };
    expect(readEventEnvelope(envelope(event), handles, at)).toEqual({
      kind: 'event',
      jobId: 'event-Ev1',
      job: { event_id: 'Ev1', event_time: 1, team_id: 'T0FAKE', bot_user_id: 'U0BOT', received_at: at, event },
    });
  });

  it('leaves alone other types, bots, the app itself, other envelopes; refuses what is not an envelope', () => {
    expect(readEventEnvelope(envelope({ type: 'message', user: 'U0ALICE' }), handles, at)).toEqual({
      kind: 'ignored',
      reason: 'not an event the bot handles',
      type: 'message',
    });
    expect(readEventEnvelope(envelope({ type: 'app_mention', bot_id: 'B1' }), handles, at)).toMatchObject({
      kind: 'ignored',
      reason: 'a bot wrote it',
    });
    expect(readEventEnvelope(envelope({ type: 'app_mention', user: 'U0BOT' }), handles, at)).toMatchObject({
      kind: 'ignored',
      reason: 'the app itself',
    });
    expect(readEventEnvelope({ type: 'app_rate_limited' }, handles, at)).toEqual({
      kind: 'ignored',
      reason: 'envelope app_rate_limited',
    });
    expect(readEventEnvelope([], handles, at)).toEqual({
      kind: 'malformed',
      message: 'the body is not a Slack event envelope (no "type")',
    });
    expect(readEventEnvelope({ type: 'url_verification' }, handles, at)).toEqual({
      kind: 'malformed',
      message: 'url_verification: challenge: Invalid input: expected string, received undefined',
    });
  });
});
