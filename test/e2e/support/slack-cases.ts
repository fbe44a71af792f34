import {
  big,
  formPayload,
  hmacHex,
  nested,
  nowSec,
  pressPayload,
  slackHeaders,
  slash,
  withField,
  withoutField,
  type Case,
} from './corpus.js';

const sigError = (message: string) => ({ error: 'invalid_signature', message: message });
const malformed = (message: string) => ({ error: 'malformed_body', message: message });
const MISMATCH = sigError('Slack signature mismatch');
const STALE = sigError('stale or future Slack request timestamp');

/** The signature attacks, against one Slack endpoint and a body it would otherwise accept. */
function signatureCases(secret: string, path: string, body: () => string): Case[] {
  const surface = `POST ${path}`;
  const c = (name: string, headers: Record<string, string>, b: string, status: number, expected: unknown): Case => ({
    surface,
    name,
    service: 'bot',
    path,
    headers,
    body: b,
    expect: { status, body: expected },
  });
  const b = body();
  const ts = nowSec();
  const h = slackHeaders(secret, b);
  const other = 'another-signing-secret-0123456789';
  return [
    c(
      'no signature headers',
      { 'content-type': h['content-type']! },
      b,
      401,
      sigError('missing Slack signature headers'),
    ),
    c(
      'no timestamp header',
      { 'content-type': h['content-type']!, 'x-slack-signature': h['x-slack-signature']! },
      b,
      401,
      sigError('missing Slack signature headers'),
    ),
    c(
      'no signature header',
      { 'content-type': h['content-type']!, 'x-slack-request-timestamp': h['x-slack-request-timestamp']! },
      b,
      401,
      sigError('missing Slack signature headers'),
    ),
    c('empty signature', slackHeaders(secret, b, { sig: '' }), b, 401, sigError('missing Slack signature headers')),
    c('wrong signature (random hex)', slackHeaders(secret, b, { sig: `v0=${'0'.repeat(64)}` }), b, 401, MISMATCH),
    c('signed with another secret', slackHeaders(other, b), b, 401, MISMATCH),
    c(
      'sha1 signature',
      slackHeaders(secret, b, { sig: `v0=${hmacHex('sha1', secret, `v0:${ts}:${b}`)}` }),
      b,
      401,
      MISMATCH,
    ),
    c(
      'sha512 signature',
      slackHeaders(secret, b, { sig: `v0=${hmacHex('sha512', secret, `v0:${ts}:${b}`)}` }),
      b,
      401,
      MISMATCH,
    ),
    c(
      'signature version v1',
      slackHeaders(secret, b, { sig: `v1=${hmacHex('sha256', secret, `v0:${ts}:${b}`)}` }),
      b,
      401,
      sigError('unknown Slack signature version'),
    ),
    c(
      'signature without version',
      slackHeaders(secret, b, { sig: hmacHex('sha256', secret, `v0:${ts}:${b}`) }),
      b,
      401,
      sigError('unknown Slack signature version'),
    ),
    c(
      'signature in upper case',
      slackHeaders(secret, b, { sig: `v0=${hmacHex('sha256', secret, `v0:${ts}:${b}`).toUpperCase()}` }),
      b,
      401,
      MISMATCH,
    ),
    c(
      'signature truncated',
      slackHeaders(secret, b, { sig: `v0=${hmacHex('sha256', secret, `v0:${ts}:${b}`).slice(0, 40)}` }),
      b,
      401,
      MISMATCH,
    ),
    c(
      'signature of the secret alone',
      slackHeaders(secret, b, { sig: `v0=${hmacHex('sha256', secret, '')}` }),
      b,
      401,
      MISMATCH,
    ),
    c('replayed: valid signature, timestamp 6 minutes old', slackHeaders(secret, b, { ts: ts - 360 }), b, 401, STALE),
    c('replayed: valid signature, timestamp a day old', slackHeaders(secret, b, { ts: ts - 86_400 }), b, 401, STALE),
    c('from the future: timestamp 6 minutes ahead', slackHeaders(secret, b, { ts: ts + 360 }), b, 401, STALE),
    c('timestamp 0', slackHeaders(secret, b, { ts: 0 }), b, 401, STALE),
    c(
      'timestamp not a number',
      slackHeaders(secret, b, { ts: 'yesterday' }),
      b,
      401,
      sigError('invalid Slack request timestamp'),
    ),
    c('timestamp negative', slackHeaders(secret, b, { ts: '-5' }), b, 401, sigError('invalid Slack request timestamp')),
    c(
      'timestamp in milliseconds',
      slackHeaders(secret, b, { ts: Date.now() }),
      b,
      401,
      sigError('invalid Slack request timestamp'),
    ),
    c(
      'timestamp with 20 digits',
      slackHeaders(secret, b, { ts: '1'.repeat(20) }),
      b,
      401,
      sigError('invalid Slack request timestamp'),
    ),
    c('body changed after signing', slackHeaders(secret, b), `${b}&user_id=U0ALICE`, 401, MISMATCH),
    c('body with a byte appended after signing', slackHeaders(secret, b), `${b}\n`, 401, MISMATCH),
    c(
      'signature of another timestamp',
      { ...slackHeaders(secret, b, { ts: ts - 1 }), 'x-slack-request-timestamp': String(ts) },
      b,
      401,
      MISMATCH,
    ),
  ];
}

function transportCases(secret: string, path: string, body: () => string): Case[] {
  const surface = `POST ${path}`;
  const c = (
    name: string,
    headers: Record<string, string>,
    b: string | Uint8Array,
    status: number,
    expected?: unknown,
  ): Case => ({ surface, name, service: 'bot', path, headers, body: b, expect: { status, body: expected } });
  const b = body();
  const unsupported = { error: 'unsupported_media_type', message: 'expected application/x-www-form-urlencoded' };
  // Every service answers a failure one way (createHttpApp): a 4xx says what was wrong.
  const tooLarge = { error: 'Request body is too large' };
  return [
    c('content type application/json', slackHeaders(secret, b, { type: 'application/json' }), b, 415, unsupported),
    c('content type text/plain', slackHeaders(secret, b, { type: 'text/plain' }), b, 415, unsupported),
    c(
      'content type multipart/form-data',
      slackHeaders(secret, b, { type: 'multipart/form-data; boundary=x' }),
      b,
      415,
      unsupported,
    ),
    c('content type application/xml', slackHeaders(secret, b, { type: 'application/xml' }), b, 415, unsupported),
    c(
      'no content type',
      (({ 'content-type': _t, ...rest }) => rest)(slackHeaders(secret, b)),
      Buffer.from(b),
      415,
      unsupported,
    ),
    c(
      'body over the limit (65 KB)',
      slackHeaders(secret, `${b}&x=${big(65 * 1024)}`),
      `${b}&x=${big(65 * 1024)}`,
      413,
      tooLarge,
    ),
    c('body over 1 MB', slackHeaders(secret, big(1024 * 1024 + 1)), big(1024 * 1024 + 1), 413, tooLarge),
    c(
      'body of 5 MB, unsigned',
      { 'content-type': 'application/x-www-form-urlencoded' },
      big(5 * 1024 * 1024),
      413,
      tooLarge,
    ),
  ];
}

export function slackCommandCases(secret: string): Case[] {
  const path = '/slack/commands';
  const valid = () => slash('api to staging');
  const c = (name: string, b: string, status: number, expected: unknown): Case => ({
    surface: `POST ${path}`,
    name,
    service: 'bot',
    path,
    headers: slackHeaders(secret, b),
    body: b,
    expect: { status, body: expected },
  });
  const fields = ['user_id', 'channel_id', 'team_id', 'trigger_id', 'response_url', 'command'];
  return [
    ...signatureCases(secret, path, valid),
    ...transportCases(secret, path, valid),
    c('signed empty body', '', 400, malformed('missing or invalid field user_id')),
    c('signed garbage form', '%%%&&&===', 400, malformed('missing or invalid field user_id')),
    c(
      'signed JSON in a form body',
      '{"user_id":"U0MALLORY","text":"api"}',
      400,
      malformed('missing or invalid field user_id'),
    ),
    ...fields.map((f) =>
      c(`field ${f} missing`, withoutField(valid(), f), 400, malformed(`missing or invalid field ${f}`)),
    ),
    ...fields.map((f) =>
      c(`field ${f} empty`, withField(valid(), f, ''), 400, malformed(`missing or invalid field ${f}`)),
    ),
    ...fields.map((f) =>
      c(
        `field ${f} of 501 characters`,
        withField(valid(), f, big(501, 'U')),
        400,
        malformed(`missing or invalid field ${f}`),
      ),
    ),
    c('field text missing', withoutField(valid(), 'text'), 400, malformed('missing field text')),
    c(
      'response_url not a URL',
      withField(valid(), 'response_url', 'not a url'),
      400,
      malformed('invalid field response_url'),
    ),
    c(
      'response_url javascript:',
      withField(valid(), 'response_url', 'javascript:alert(1)'),
      400,
      malformed('invalid field response_url'),
    ),
    c(
      'response_url file:',
      withField(valid(), 'response_url', 'file:///etc/passwd'),
      400,
      malformed('invalid field response_url'),
    ),
    c("ssl_check=1 (Slack's check)", 'ssl_check=1&token=x', 200, ''),
  ];
}

export function slackInteractionCases(secret: string): Case[] {
  const path = '/slack/interactions';
  const valid = () => formPayload(JSON.stringify(pressPayload()));
  const c = (name: string, b: string, status: number, expected: unknown): Case => ({
    surface: `POST ${path}`,
    name,
    service: 'bot',
    path,
    headers: slackHeaders(secret, b),
    body: b,
    expect: { status, body: expected },
  });
  const p = (name: string, over: Record<string, unknown>, status: number, expected: unknown) =>
    c(name, formPayload(JSON.stringify(pressPayload(over))), status, expected);
  const NOT_JSON = malformed('expected a form field payload holding JSON');
  const LACKS = malformed('the interaction payload lacks user or type');
  const BUTTON = malformed('the button press lacks value, response_url, channel or team');
  return [
    ...signatureCases(secret, path, valid),
    ...transportCases(secret, path, valid),
    c('no payload field', 'foo=bar', 400, NOT_JSON),
    c('payload not JSON', formPayload('{not json'), 400, NOT_JSON),
    c('payload empty', formPayload(''), 400, NOT_JSON),
    c('payload JSON null', formPayload('null'), 400, LACKS),
    c('payload JSON array', formPayload('[1,2]'), 400, LACKS),
    c('payload JSON number', formPayload('42'), 400, LACKS),
    c('payload JSON string', formPayload('"block_actions"'), 400, LACKS),
    c('payload nested 8,000 deep', formPayload(nested(8_000)), 400, LACKS),
    c(
      'payload with a field nested 5,000 deep',
      formPayload(
        JSON.stringify(pressPayload({ extra: 0, user: undefined })).replace('"extra":0', `"extra":${nested(5_000)}`),
      ),
      400,
      LACKS,
    ),
    p('no user', { user: undefined }, 400, LACKS),
    p('user without id', { user: { name: 'mallory' } }, 400, LACKS),
    p('user id a number', { user: { id: 42 } }, 400, LACKS),
    p('no type', { type: undefined }, 400, LACKS),
    p('type view_submission', { type: 'view_submission' }, 200, ''),
    p('type message_action', { type: 'message_action' }, 200, ''),
    p('no actions', { actions: [] }, 200, ''),
    p('unknown action id', { actions: [{ action_id: 'chatops_deploy_everything', value: 'x' }] }, 200, ''),
    p('confirm without a value', { actions: [{ action_id: 'chatops_confirm' }] }, 400, BUTTON),
    p(
      'confirm value of 2,001 characters',
      { actions: [{ action_id: 'chatops_confirm', value: big(2001) }] },
      400,
      LACKS,
    ),
    p('no response_url', { response_url: undefined }, 400, BUTTON),
    p('response_url javascript:', { response_url: 'javascript:alert(1)' }, 400, LACKS),
    p('no team', { team: undefined }, 400, BUTTON),
    p('no channel', { channel: undefined, container: { type: 'view' } }, 400, BUTTON),
    p(
      'no trigger_id nor action_ts',
      { trigger_id: undefined, actions: [{ action_id: 'chatops_confirm', value: 'c-1' }] },
      400,
      malformed('the button press lacks trigger_id and action_ts'),
    ),
    p('actions not an array', { actions: 'chatops_confirm' }, 400, LACKS),
  ];
}
