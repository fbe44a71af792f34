import { createHmac, randomUUID } from 'node:crypto';
import { slashCommandBody } from '@chatops/testkit';

/** One hostile or malformed request and the answer documented for it. */
export type Case = {
  surface: string;
  name: string;
  service: 'bot' | 'heaven' | 'notifier';
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  expect: { status: number; body?: unknown; text?: string };
};

export const CORPUS_CONFIG = `
defaults: { environment: staging, channel: C0DEPLOYS, rate_limit_per_minute: 100000 }
apps:
  api:
    repository: acme/api
    aliases: [backend]
    provider: circleci
    circleci: { project_slug: gh/acme/api }
    channel: C0DEPLOYS
    environments:
      staging: {}
      production: { aliases: [prod], production: true, deployers: [U0ALICE], confirm: true }
      review: { transient: true }
  vault:
    repository: acme/vault
    provider: circleci
    circleci: { project_slug: gh/acme/vault }
    allowed_channels: [C0VAULT]
    environments:
      staging: { deployers: [U0ALICE] }
`;

export const nowSec = () => Math.floor(Date.now() / 1000);
export const hmacHex = (algo: string, secret: string, data: string) =>
  createHmac(algo, secret).update(data).digest('hex');

export function slackHeaders(
  secret: string,
  body: string,
  opts: { ts?: number | string; sig?: string; type?: string } = {},
): Record<string, string> {
  const ts = String(opts.ts ?? nowSec());
  return {
    'content-type': opts.type ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': ts,
    'x-slack-signature': opts.sig ?? `v0=${hmacHex('sha256', secret, `v0:${ts}:${body}`)}`,
  };
}

export const slash = (text: string, over: Record<string, string> = {}) =>
  slashCommandBody({
    text,
    user_id: 'U0MALLORY',
    user_name: 'mallory',
    trigger_id: `${Date.now()}.${randomUUID()}`,
    response_url: 'http://127.0.0.1:9/response/x',
    ...over,
  });

export const withoutField = (body: string, field: string) => {
  const form = new URLSearchParams(body);
  form.delete(field);
  return form.toString();
};

export const withField = (body: string, field: string, value: string) => {
  const form = new URLSearchParams(body);
  form.set(field, value);
  return form.toString();
};

export function pressPayload(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: 'T0FAKE' },
    user: { id: 'U0MALLORY', name: 'mallory' },
    trigger_id: `${Date.now()}.${randomUUID()}`,
    response_url: 'http://127.0.0.1:9/response/x',
    container: { type: 'message', channel_id: 'C0DEPLOYS' },
    channel: { id: 'C0DEPLOYS' },
    actions: [{ action_id: 'chatops_confirm', value: 'c-forged', action_ts: '1' }],
    ...over,
  };
}

export const formPayload = (json: string) => new URLSearchParams({ payload: json }).toString();
export const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);
export const big = (bytes: number, fill = 'a') => fill.repeat(bytes);
