import { createHmac } from 'node:crypto';

/** Headers of a Slack request signed with v0, as Slack sends them. */
export function slackSignatureHeaders(
  signingSecret: string,
  rawBody: string,
  timestampSec = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest('hex')}`;
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestampSec),
    'x-slack-signature': signature,
  };
}

export type SlashCommandFields = {
  text: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  command?: string;
  trigger_id?: string;
  response_url: string;
};

let triggerSeq = 0;

/** A slash command form body with every field Slack sends. */
export function slashCommandBody(fields: SlashCommandFields): string {
  triggerSeq += 1;
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: fields.team_id ?? 'T0FAKE',
    team_domain: 'fake',
    channel_id: fields.channel_id ?? 'C0DEPLOYS',
    channel_name: fields.channel_name ?? 'deploys',
    user_id: fields.user_id ?? 'U0ALICE',
    user_name: fields.user_name ?? 'alice',
    command: fields.command ?? '/deploy',
    text: fields.text,
    api_app_id: 'A0FAKE',
    is_enterprise_install: 'false',
    response_url: fields.response_url,
    trigger_id: fields.trigger_id ?? `${Date.now()}.${triggerSeq}.${Math.random().toString(16).slice(2, 10)}`,
  }).toString();
}

/** A `block_actions` interaction form body (`payload=<json>`). */
export function blockActionsBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
