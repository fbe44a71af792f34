import { slackSignatureHeaders } from './slack-request.js';

/** The fake workspace's bot user (FakeSlack's auth.test answers it too). */
export const FAKE_BOT_USER_ID = 'U0BOT';

let eventSeq = 0;
let tsSeq = 0;

/** Slack's message ts: Unix seconds, made unique in the micro part. */
function nextTs(): string {
  tsSeq += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(tsSeq).padStart(6, '0')}`;
}

export type EventEnvelopeOptions = {
  eventId?: string;
  /** Unix seconds. */
  eventTime?: number;
  teamId?: string;
  /** Who the app is in this workspace (`authorizations[0].user_id`). */
  botUserId?: string;
};

/** An Events API `event_callback` envelope around `event`, with every field Slack sends. */
export function eventCallback(event: Record<string, unknown>, options: EventEnvelopeOptions = {}) {
  eventSeq += 1;
  const teamId = options.teamId ?? 'T0FAKE';
  return {
    token: 'legacy-verification-token',
    team_id: teamId,
    api_app_id: 'A0FAKE',
    event,
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${String(eventSeq).padStart(8, '0')}`,
    event_time: options.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: options.botUserId ?? FAKE_BOT_USER_ID,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(`${teamId}:${eventSeq}`).toString('base64url')}`,
  };
}

/** The `url_verification` request Slack sends when the Request URL is set. */
export function urlVerification(challenge: string) {
  return { token: 'legacy-verification-token', challenge, type: 'url_verification' };
}

/** An `app_mention` event: `text` as Slack sends it, the mention included (`<@U0BOT> deploy api to staging`). */
export function appMentionEvent(fields: {
  user: string;
  text: string;
  channel?: string;
  ts?: string;
  thread_ts?: string;
}) {
  const ts = fields.ts ?? nextTs();
  return {
    type: 'app_mention',
    user: fields.user,
    text: fields.text,
    ts,
    channel: fields.channel ?? 'C0DEPLOYS',
    event_ts: ts,
    ...(fields.thread_ts ? { thread_ts: fields.thread_ts } : {}),
  };
}

/** An `app_home_opened` event (the person opened the app's Home tab; `view` is the one last published, if any). */
export function appHomeOpenedEvent(user: string, view?: unknown) {
  return {
    type: 'app_home_opened',
    user,
    channel: `D0${user.slice(1)}`,
    tab: 'home',
    event_ts: nextTs(),
    ...(view ? { view } : {}),
  };
}

export type EventDelivery = {
  /** Slack's `X-Slack-Retry-Num` (1, 2, 3) when it delivers the event again. */
  retryNum?: number;
  /** `X-Slack-Retry-Reason`: http_timeout, http_error, too_many_connections, unknown_error. */
  retryReason?: string;
  timestampSec?: number;
};

/** The headers of an Events API request: JSON, signed with v0, and Slack's retry headers on a retry. */
export function slackEventHeaders(signingSecret: string, rawBody: string, delivery: EventDelivery = {}) {
  return {
    ...slackSignatureHeaders(signingSecret, rawBody, delivery.timestampSec),
    'content-type': 'application/json',
    ...(delivery.retryNum ? { 'x-slack-retry-num': String(delivery.retryNum) } : {}),
    ...(delivery.retryNum ? { 'x-slack-retry-reason': delivery.retryReason ?? 'http_timeout' } : {}),
  };
}
