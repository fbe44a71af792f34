import { ErrorCode } from '@slack/web-api';
import { ExternalApiError } from '../../contracts/errors.js';
import { SlackMessageGoneError } from './slack-message-gone-error.js';

/** What an operator must do about a Slack answer that no retry can change. */
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
  missing_scope: 'the app lacks a scope: add the scopes of docs/examples/slack-app-manifest.yml and reinstall it',
  not_enabled: "the app's Home tab is off: turn on App Home > Home Tab (docs/examples/slack-app-manifest.yml)",
};

/** Slack's answers that mean "not now" (its documented transient errors): tried again. */
const TRANSIENT = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);
/** An update of a message that is gone. */
const GONE = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);

export type SlackTarget = { channel?: string; ts?: string };
type SlackFailure = Error & { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string } };

/**
 * The one mapping of an @slack/web-api failure: a 429 is retryable with its Retry-After as
 * `retryAfterMs` (the job is delayed, never slept on); a network error, a 5xx and Slack's documented
 * transient errors are retryable; an update of a deleted message is a SlackMessageGoneError; every
 * other answer of Slack (`ok: false`) is final, with how to fix it when an operator can.
 */
export function toSlackError(e: unknown, method: string, target: SlackTarget = {}): Error {
  const error = e as SlackFailure;
  switch (error?.code) {
    case ErrorCode.RateLimitedError: {
      const seconds = Math.max(1, Number(error.retryAfter ?? 1));
      return new ExternalApiError('slack', `Slack ${method} was rate limited; retry after ${seconds} s`, {
        status: 429,
        retryable: true,
        retryAfterMs: seconds * 1000,
        cause: e,
      });
    }
    case ErrorCode.PlatformError:
      return platformError(error.data?.error ?? 'unknown_error', method, target, e);
    case ErrorCode.HTTPError: {
      const status = Number(error.statusCode ?? 0);
      return new ExternalApiError('slack', `Slack ${method} answered HTTP ${status}`, {
        status,
        retryable: status >= 500 || status === 408,
        cause: e,
      });
    }
    default:
      return new ExternalApiError('slack', `Slack ${method} could not be reached: ${error?.message ?? String(e)}`, {
        retryable: true,
        cause: e,
      });
  }
}

function platformError(code: string, method: string, target: SlackTarget, cause: unknown): Error {
  if (GONE.has(code) && target.channel && target.ts) return new SlackMessageGoneError(target.channel, target.ts, code);
  const where = target.channel ? ` (channel ${target.channel})` : '';
  const fix = HOW_TO_FIX[code];
  return new ExternalApiError('slack', `Slack ${method} answered ${code}${where}${fix ? `; to fix: ${fix}` : ''}`, {
    status: 200,
    retryable: TRANSIENT.has(code),
    apiCode: code,
    cause,
  });
}
