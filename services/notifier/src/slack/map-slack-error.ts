import { ExternalApiError } from '@chatops/shared/contracts';
import { ErrorCode } from '@slack/web-api';
import { SlackMessageGoneError } from './slack-message-gone-error.js';

/** What an operator must do about a Slack error that no retry can fix. */
const HOW_TO_FIX: Record<string, string> = {
  channel_not_found:
    'the channel id is wrong or the bot cannot see it: check "channel" in the apps config (CHATOPS_CONFIG), ' +
    'and invite the bot to private channels',
  not_in_channel: 'invite the bot to the channel (/invite @<bot>) or give the app the chat:write.public scope',
  is_archived: 'the channel is archived: unarchive it or change "channel" in the apps config',
  invalid_auth: 'SLACK_BOT_TOKEN is not valid for this workspace: set the bot token (xoxb-…) of the installed app',
  not_authed: 'SLACK_BOT_TOKEN is empty: set the bot token (xoxb-…) of the installed app',
  token_revoked: 'SLACK_BOT_TOKEN was revoked: reinstall the app and set its new bot token',
  account_inactive: 'the bot user was deactivated: reinstall the app and set its new bot token',
  missing_scope: 'the app lacks a scope: add chat:write (and chat:write.public) and reinstall it',
};

const GONE = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);
const TRANSIENT = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

type SlackLikeError = Error & {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string };
};

/**
 * Maps an @slack/web-api error to the project's errors: 429 → retryable with retryAfterMs (the job
 * is delayed, not slept on); 5xx and network errors → retryable; a deleted message on update →
 * SlackMessageGoneError; anything else → non-retryable, with how to fix it in the message.
 */
export function mapSlackError(e: unknown, method: string, target?: { channel?: string; ts?: string }): Error {
  const error = e as SlackLikeError;
  switch (error?.code) {
    case ErrorCode.RateLimitedError: {
      const seconds = Math.max(1, Number(error.retryAfter ?? 1));
      return new ExternalApiError('slack', `[notifier] Slack ${method} was rate limited; retry after ${seconds} s`, {
        status: 429,
        retryable: true,
        retryAfterMs: seconds * 1000,
      });
    }
    case ErrorCode.PlatformError:
      return platformError(error.data?.error ?? 'unknown_error', method, target);
    case ErrorCode.HTTPError: {
      const status = Number(error.statusCode ?? 0);
      return new ExternalApiError('slack', `[notifier] Slack ${method} answered HTTP ${status}`, {
        status,
        retryable: status >= 500 || status === 408,
      });
    }
    case ErrorCode.RequestError:
      return new ExternalApiError('slack', `[notifier] Slack ${method} could not be reached: ${error.message}`, {
        retryable: true,
      });
    default:
      return new ExternalApiError('slack', `[notifier] Slack ${method} failed: ${error?.message ?? String(e)}`, {
        retryable: true,
      });
  }
}

function platformError(code: string, method: string, target?: { channel?: string; ts?: string }): Error {
  if (GONE.has(code) && target?.channel && target.ts) return new SlackMessageGoneError(target.channel, target.ts, code);
  const where = target?.channel ? ` (channel ${target.channel})` : '';
  if (TRANSIENT.has(code)) {
    return new ExternalApiError('slack', `[notifier] Slack ${method} failed: ${code}${where}`, { retryable: true });
  }
  const fix = HOW_TO_FIX[code];
  return new ExternalApiError(
    'slack',
    `[notifier] Slack ${method} failed: ${code}${where}${fix ? `; to fix: ${fix}` : ''}`,
    {
      status: 200,
      retryable: false,
    },
  );
}
