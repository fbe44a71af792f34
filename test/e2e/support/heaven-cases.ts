import { randomUUID } from 'node:crypto';
import { deploymentEvent, repositoryObject } from '@chatops/testkit';
import { big, hmacHex, nested, type Case } from './corpus.js';

const gh = (secret: string, event: string, body: string, over: Record<string, string | undefined> = {}) => {
  const headers: Record<string, string | undefined> = {
    'content-type': 'application/json',
    'x-github-event': event,
    'x-github-delivery': randomUUID(),
    'x-hub-signature-256': `sha256=${hmacHex('sha256', secret, body)}`,
    ...over,
  };
  return Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>;
};

const deployment = (over: Record<string, unknown> = {}, repo = 'acme/api') =>
  deploymentEvent(
    { id: 4242, ref: 'main', sha: 'a'.repeat(40), environment: 'staging', task: 'deploy', payload: {}, ...over },
    repositoryObject({ owner: repo.split('/')[0]!, name: repo.split('/')[1]! }),
  );

export function githubWebhookCases(secret: string): Case[] {
  const path = '/webhooks/github';
  const surface = `POST ${path}`;
  const c = (
    name: string,
    headers: Record<string, string>,
    body: string | Uint8Array,
    status: number,
    expected?: unknown,
  ): Case => ({ surface, name, service: 'heaven', path, headers, body, expect: { status, body: expected } });
  const valid = JSON.stringify(deployment());
  const signed = (name: string, event: string, body: string, status: number, expected?: unknown) =>
    c(name, gh(secret, event, body), body, status, expected);
  const err = (error: string) => ({ error: `${error}` });
  const MISMATCH = err('signature does not match (check GITHUB_WEBHOOK_SECRET)');
  const NOT_OBJECT = err('body is not a JSON object');
  const tooLarge = { error: 'Request body is too large' };
  const deep = (d: number) =>
    JSON.stringify({ ...deployment(), extra: 0 }).replace('"extra":0', `"extra":${nested(d)}`);
  return [
    c(
      'no x-github-event',
      gh(secret, 'deployment', valid, { 'x-github-event': undefined }),
      valid,
      400,
      err('missing header x-github-event'),
    ),
    c(
      'no x-github-delivery',
      gh(secret, 'deployment', valid, { 'x-github-delivery': undefined }),
      valid,
      400,
      err('missing header x-github-delivery'),
    ),
    c(
      'no signature at all',
      gh(secret, 'deployment', valid, { 'x-hub-signature-256': undefined }),
      valid,
      400,
      err('missing header x-hub-signature-256'),
    ),
    c(
      'sha1 signature only (x-hub-signature)',
      gh(secret, 'deployment', valid, {
        'x-hub-signature-256': undefined,
        'x-hub-signature': `sha1=${hmacHex('sha1', secret, valid)}`,
      }),
      valid,
      400,
      err('missing header x-hub-signature-256'),
    ),
    c(
      'sha1 digest in x-hub-signature-256',
      gh(secret, 'deployment', valid, { 'x-hub-signature-256': `sha1=${hmacHex('sha1', secret, valid)}` }),
      valid,
      401,
      MISMATCH,
    ),
    c(
      'empty signature',
      gh(secret, 'deployment', valid, { 'x-hub-signature-256': '' }),
      valid,
      400,
      err('missing header x-hub-signature-256'),
    ),
    c(
      'wrong signature',
      gh(secret, 'deployment', valid, { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }),
      valid,
      401,
      MISMATCH,
    ),
    c('signed with another secret', gh('another-secret', 'deployment', valid), valid, 401, MISMATCH),
    c(
      'signature without sha256= prefix',
      gh(secret, 'deployment', valid, { 'x-hub-signature-256': hmacHex('sha256', secret, valid) }),
      valid,
      401,
      MISMATCH,
    ),
    c(
      'signature in upper case',
      gh(secret, 'deployment', valid, {
        'x-hub-signature-256': `sha256=${hmacHex('sha256', secret, valid).toUpperCase()}`,
      }),
      valid,
      401,
      MISMATCH,
    ),
    c(
      'signature truncated',
      gh(secret, 'deployment', valid, {
        'x-hub-signature-256': `sha256=${hmacHex('sha256', secret, valid).slice(0, 32)}`,
      }),
      valid,
      401,
      MISMATCH,
    ),
    c('body changed after signing', gh(secret, 'deployment', valid), valid.replace('"main"', '"evil"'), 401, MISMATCH),
    c(
      'signature over re-serialized JSON (not the raw body)',
      gh(secret, 'deployment', JSON.stringify(JSON.parse(valid), null, 2)),
      valid,
      401,
      MISMATCH,
    ),
    c('content type text/plain', gh(secret, 'deployment', valid, { 'content-type': 'text/plain' }), valid, 415, {
      error: 'Unsupported Media Type',
    }),
    c(
      "content type form (GitHub's other mode)",
      gh(secret, 'deployment', `payload=${encodeURIComponent(valid)}`, {
        'content-type': 'application/x-www-form-urlencoded',
      }),
      `payload=${encodeURIComponent(valid)}`,
      415,
      { error: 'Unsupported Media Type' },
    ),
    c('body over 1 MB', gh(secret, 'deployment', big(1024 * 1024 + 10)), big(1024 * 1024 + 10), 413, tooLarge),
    c('body of 5 MB, unsigned', { 'content-type': 'application/json' }, big(5 * 1024 * 1024), 413, tooLarge),
    c('empty body', gh(secret, 'deployment', ''), '', 400, err('empty body')),
    signed('body not JSON', 'deployment', '{"deployment":', 400, NOT_OBJECT),
    signed('body JSON null', 'deployment', 'null', 400, NOT_OBJECT),
    signed('body JSON array', 'deployment', '[]', 400, NOT_OBJECT),
    signed('body JSON number', 'deployment', '42', 400, NOT_OBJECT),
    signed('body JSON string', 'deployment', '"deployment"', 400, NOT_OBJECT),
    signed('body nested 100,000 deep', 'deployment', nested(100_000), 400, err('body is nested too deeply')),
    signed(
      'deployment with a field nested 1,000 deep',
      'deployment',
      deep(1000),
      400,
      err('body is nested too deeply'),
    ),
    signed('deployment without id', 'deployment', JSON.stringify(deployment({ id: undefined })), 400),
    signed('deployment id a string', 'deployment', JSON.stringify(deployment({ id: 'one' })), 400),
    signed('deployment id negative', 'deployment', JSON.stringify(deployment({ id: -1 })), 400),
    signed('deployment without sha', 'deployment', JSON.stringify(deployment({ sha: undefined })), 400),
    signed('deployment without environment', 'deployment', JSON.stringify(deployment({ environment: undefined })), 400),
    signed('deployment field missing', 'deployment', JSON.stringify({ ...deployment(), deployment: undefined }), 400),
    signed('repository not in the config', 'deployment', JSON.stringify(deployment({}, 'evil/repo')), 202, {
      ignored: 'repository evil/repo is not in the config',
    }),
    signed('unknown event', 'member', JSON.stringify({ action: 'added' }), 202, {
      ignored: 'event member is not used',
    }),
    signed('event name with escaped control characters', 'deploy%07ment', valid, 202, {
      ignored: 'event deploy%07ment is not used',
    }),
    signed(
      'deployment action other than created',
      'deployment',
      JSON.stringify({ ...deployment(), action: 'deleted' }),
      202,
      { ignored: 'deployment action deleted' },
    ),
    signed(
      'deployment made by an Actions job',
      'deployment',
      JSON.stringify({ ...deployment(), workflow: { id: 1 } }),
      202,
      { ignored: 'deployment made by a GitHub Actions job for its own environment' },
    ),
  ];
}

export function circleciWebhookCases(secret: string): Case[] {
  const path = '/webhooks/circleci';
  const surface = `POST ${path}`;
  const valid = JSON.stringify({
    type: 'workflow-completed',
    id: randomUUID(),
    pipeline: { id: randomUUID() },
    workflow: { status: 'success' },
  });
  const sig = (body: string, s = secret) => `v1=${hmacHex('sha256', s, body)}`;
  const c = (
    name: string,
    body: string,
    header: string | undefined,
    status: number,
    expected?: unknown,
    type = 'application/json',
  ): Case => ({
    surface,
    name,
    service: 'heaven',
    path,
    body,
    expect: { status, body: expected },
    headers: { 'content-type': type, ...(header === undefined ? {} : { 'circleci-signature': header }) },
  });
  const MISMATCH = { error: 'circleci-signature does not match (check CIRCLECI_WEBHOOK_SECRET)' };
  const NOT_OBJECT = { error: 'body is not a JSON object' };
  return [
    c('no signature', valid, undefined, 401, MISMATCH),
    c('empty signature', valid, '', 401, MISMATCH),
    c('wrong signature', valid, `v1=${'0'.repeat(64)}`, 401, MISMATCH),
    c('signed with another secret', valid, sig(valid, 'another-secret'), 401, MISMATCH),
    c('sha1 signature', valid, `v1=${hmacHex('sha1', secret, valid)}`, 401, MISMATCH),
    c('unknown version only (v2=)', valid, `v2=${hmacHex('sha256', secret, valid)}`, 401, MISMATCH),
    c('signature without version', valid, hmacHex('sha256', secret, valid), 401, MISMATCH),
    c('body changed after signing', valid.replace('success', 'failed'), sig(valid), 401, MISMATCH),
    c('content type text/plain', valid, sig(valid), 415, { error: 'Unsupported Media Type' }, 'text/plain'),
    c('body over 1 MB', big(1024 * 1024 + 10), sig(big(1024 * 1024 + 10)), 413, {
      error: 'Request body is too large',
    }),
    c('body not JSON', '{"type":', sig('{"type":'), 400, NOT_OBJECT),
    c('body JSON null', 'null', sig('null'), 400, NOT_OBJECT),
    c('body JSON array', '[1]', sig('[1]'), 400, NOT_OBJECT),
    c('body JSON number', '7', sig('7'), 400, NOT_OBJECT),
    c('body nested 100,000 deep', nested(100_000), sig(nested(100_000)), 400, {
      error: 'body is nested too deeply',
    }),
    c('another event type', '{"type":"job-completed"}', sig('{"type":"job-completed"}'), 202, {
      ignored: 'event job-completed is not used',
    }),
    c(
      'workflow-completed without pipeline',
      '{"type":"workflow-completed","id":"e1"}',
      sig('{"type":"workflow-completed","id":"e1"}'),
      400,
    ),
    c(
      'workflow-completed with a pipeline id an object',
      '{"type":"workflow-completed","id":"e2","pipeline":{"id":{"$gt":""}}}',
      sig('{"type":"workflow-completed","id":"e2","pipeline":{"id":{"$gt":""}}}'),
      400,
    ),
  ];
}
