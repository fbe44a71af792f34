import { describe, expect, it } from '@jest/globals';
import { verifySlackSignature } from '../../src/routes/verify-slack-signature.js';

// Slack's worked example (api-contracts.md §1.2).
const secret = '8f742231b10e8888abcd99yyyzzz85a5';
const timestamp = '1531420618';
const body = [
  'token=xyzz0WbapA4vBCDEFasx0q6G',
  'team_id=T1DC2JH3J',
  'team_domain=testteamnow',
  'channel_id=G8PSS9T3V',
  'channel_name=foobar',
  'user_id=U2CERLKJA',
  'user_name=roadrunner',
  'command=%2Fwebhook-collect',
  'text=',
  'response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN',
  'trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
].join('&');
const signature = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const base = { signingSecret: secret, rawBody: body, timestamp, signature, nowSec: 1531420618 };

describe('verifySlackSignature', () => {
  it("accepts Slack's test vector with the clock frozen at its timestamp", () => {
    expect(verifySlackSignature(base)).toEqual({ ok: true });
  });

  it.each([
    ['a changed body', { rawBody: `${body}x` }, 'Slack signature mismatch'],
    ['a wrong secret', { signingSecret: 'other-secret' }, 'Slack signature mismatch'],
    [
      'an uppercase signature',
      { signature: signature.toUpperCase().replace('V0=', 'v0=') },
      'Slack signature mismatch',
    ],
    ['a truncated signature', { signature: signature.slice(0, 20) }, 'Slack signature mismatch'],
    ['a v1 signature', { signature: signature.replace('v0=', 'v1=') }, 'unknown Slack signature version'],
    ['no signature', { signature: undefined }, 'missing Slack signature headers'],
    ['no timestamp', { timestamp: undefined }, 'missing Slack signature headers'],
    ['a non-numeric timestamp', { timestamp: '15314206x8' }, 'invalid Slack request timestamp'],
    ['a clock 301 s later (stale)', { nowSec: 1531420618 + 301 }, 'stale or future Slack request timestamp'],
    ['a clock 301 s earlier (future)', { nowSec: 1531420618 - 301 }, 'stale or future Slack request timestamp'],
  ])('refuses %s', (_name, change, reason) => {
    expect(verifySlackSignature({ ...base, ...change })).toEqual({ ok: false, reason });
  });

  it.each([300, -300])('accepts a clock %i s away (the window edge)', (skew) => {
    expect(verifySlackSignature({ ...base, nowSec: 1531420618 + skew })).toEqual({ ok: true });
  });
});
