import { ExternalApiError } from '@chatops/shared/contracts';
import { WebClient } from '@slack/web-api';
import type { MessageMetadata, SlackPort } from '../ports.js';

function carries(found: MessageMetadata | undefined, wanted: MessageMetadata): boolean {
  if (!found || found.event_type !== wanted.event_type) return false;
  return Object.entries(wanted.event_payload).every(([k, v]) => String(found.event_payload?.[k]) === v);
}

export type SlackWebOptions = { token: string; apiUrl: string; retries?: number; timeoutMs?: number };

export function createWebClient(options: SlackWebOptions): WebClient {
  return new WebClient(options.token, {
    slackApiUrl: options.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: options.retries ?? 2, minTimeout: 100, maxTimeout: 1000 },
    timeout: options.timeoutMs ?? 10_000,
  });
}

const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'missing_scope',
  'is_archived',
  'msg_too_long',
  'invalid_blocks',
  'no_text',
]);

/** Maps a WebClient failure: rate limits carry Retry-After; platform errors are permanent; others retry. */
export function toSlackError(e: unknown): ExternalApiError {
  const err = e as {
    code?: string;
    retryAfter?: number;
    data?: { error?: string };
    statusCode?: number;
    message: string;
  };
  if (err.code === 'slack_webapi_rate_limited_error') {
    return new ExternalApiError('slack', '[bot] Slack rate limited the bot', {
      status: 429,
      retryable: true,
      retryAfterMs: (err.retryAfter ?? 1) * 1000,
      cause: e,
    });
  }
  if (err.code === 'slack_webapi_platform_error') {
    const code = err.data?.error ?? 'unknown_error';
    return new ExternalApiError('slack', `[bot] Slack answered ${code}`, { retryable: !PERMANENT.has(code), cause: e });
  }
  return new ExternalApiError('slack', `[bot] Slack: ${err.message}`, {
    status: err.statusCode,
    retryable: true,
    cause: e,
  });
}

/** The Slack Web API for the bot: the deploy message, names, user groups. */
export function createSlackWeb(options: SlackWebOptions, client = createWebClient(options)): SlackPort {
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw toSlackError(e);
    }
  };
  return {
    async postMessage(message) {
      const res = await call(() =>
        client.chat.postMessage({
          channel: message.channel,
          text: message.text,
          blocks: message.blocks as never,
          metadata: message.metadata,
          unfurl_links: false,
        }),
      );
      return { channel: String(res.channel), ts: String(res.ts) };
    },
    async findMessage(channel, metadata, oldestTs) {
      let cursor: string | undefined;
      // A few pages of 200 are plenty: the message was posted moments before the crash that lost its ts.
      for (let page = 0; page < 5; page++) {
        const res = await call(() =>
          client.conversations.history({ channel, oldest: oldestTs, limit: 200, include_all_metadata: true, cursor }),
        );
        const found = (res.messages ?? []).find((m) => carries(m.metadata as MessageMetadata | undefined, metadata));
        if (found?.ts) return { channel, ts: found.ts };
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!res.has_more || !cursor) return null;
      }
      return null;
    },
    async updateMessage(message) {
      await call(() =>
        client.chat.update({
          channel: message.channel,
          ts: message.ts,
          text: message.text,
          blocks: message.blocks as never,
        }),
      );
    },
    async userName(userId) {
      const res = await call(() => client.users.info({ user: userId }));
      return res.user?.profile?.display_name || res.user?.real_name || res.user?.name || null;
    },
    async groupMembers(groupId) {
      const res = await call(() => client.usergroups.users.list({ usergroup: groupId }));
      return res.users ?? [];
    },
  };
}
