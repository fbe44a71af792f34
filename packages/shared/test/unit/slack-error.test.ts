import { describe, expect, it } from '@jest/globals';
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { ExternalApiError } from '@chatops/shared/contracts';
import { SlackMessageGoneError, toSlackError } from '@chatops/shared/runtime';

// The errors @slack/web-api throws, built with its own classes.
const platform = (error: string) => new WebAPIPlatformError({ ok: false, error });
const http = (status: number) => new WebAPIHTTPError(status, 'status text', {}, '');

function external(e: Error): ExternalApiError {
  expect(e).toBeInstanceOf(ExternalApiError);
  return e as ExternalApiError;
}

describe('toSlackError', () => {
  it.each(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout'])(
    "makes Slack's documented transient error %p retryable",
    (code) => {
      const mapped = external(toSlackError(platform(code), 'chat.postMessage'));
      expect(mapped.message).toBe(`Slack chat.postMessage answered ${code}`);
      expect(mapped).toMatchObject({ retryable: true, apiCode: code, status: 200, code: 'chatops_slack_api_error' });
    },
  );

  it('makes channel_not_found final, with how to fix it and the channel', () => {
    const mapped = external(toSlackError(platform('channel_not_found'), 'chat.postMessage', { channel: 'C404' }));
    expect(mapped.message).toBe(
      'Slack chat.postMessage answered channel_not_found (channel C404); to fix: the channel id is wrong or the bot ' +
        'cannot see it: check "channel" in the apps config (CHATOPS_CONFIG), and invite the bot to private channels',
    );
    expect(mapped).toMatchObject({ retryable: false, apiCode: 'channel_not_found' });
  });

  it.each([
    ['not_in_channel', 'invite the bot to the channel (/invite @<bot>) or give the app the chat:write.public scope'],
    ['is_archived', 'the channel is archived: unarchive it or change "channel" in the apps config'],
    [
      'invalid_auth',
      'SLACK_BOT_TOKEN is not valid for this workspace: set the bot token (xoxb-…) of the installed app',
    ],
    ['not_authed', 'SLACK_BOT_TOKEN is empty: set the bot token (xoxb-…) of the installed app'],
    ['token_revoked', 'SLACK_BOT_TOKEN was revoked: reinstall the app and set its new bot token'],
    ['account_inactive', 'the bot user was deactivated: reinstall the app and set its new bot token'],
    ['missing_scope', 'the app lacks a scope: add the scopes of docs/examples/slack-app-manifest.yml and reinstall it'],
  ])('makes %p final, with how to fix it', (code, fix) => {
    const mapped = external(toSlackError(platform(code), 'chat.update'));
    expect(mapped.message).toBe(`Slack chat.update answered ${code}; to fix: ${fix}`);
    expect(mapped).toMatchObject({ retryable: false, apiCode: code });
  });

  it('makes any other answer of Slack final, without a how-to-fix', () => {
    const mapped = external(toSlackError(platform('invalid_blocks'), 'chat.postMessage', { channel: 'C1' }));
    expect(mapped.message).toBe('Slack chat.postMessage answered invalid_blocks (channel C1)');
    expect(mapped).toMatchObject({ retryable: false, apiCode: 'invalid_blocks' });
    const bare = external(
      toSlackError(new WebAPIPlatformError({ ok: false } as { ok: false; error: string }), 'chat.postMessage'),
    );
    expect(bare).toMatchObject({ message: 'Slack chat.postMessage answered unknown_error', retryable: false });
  });

  it.each(['message_not_found', 'cant_update_message', 'edit_window_closed'])(
    'recognises %p on an update as a SlackMessageGoneError',
    (code) => {
      const mapped = toSlackError(platform(code), 'chat.update', { channel: 'C1', ts: '1700000000.000100' });
      expect(mapped).toBeInstanceOf(SlackMessageGoneError);
      expect(mapped.message).toBe(`Slack message 1700000000.000100 in C1 cannot be updated (${code})`);
      expect(mapped).toMatchObject({
        retryable: false,
        code: 'chatops_slack_message_gone',
        context: { channel: 'C1', ts: '1700000000.000100', error: code },
      });
    },
  );

  it('keeps message_not_found a plain final error when no message was named', () => {
    const mapped = external(toSlackError(platform('message_not_found'), 'chat.delete', { channel: 'C1' }));
    expect(mapped.message).toBe('Slack chat.delete answered message_not_found (channel C1)');
    expect(mapped).toMatchObject({ retryable: false, apiCode: 'message_not_found' });
  });

  it.each([
    [500, true],
    [502, true],
    [503, true],
    [408, true],
    [400, false],
    [404, false],
  ])('HTTP %p → retryable %p', (status, retryable) => {
    const mapped = external(toSlackError(http(status), 'chat.postMessage'));
    expect(mapped.message).toBe(`Slack chat.postMessage answered HTTP ${status}`);
    expect(mapped).toMatchObject({ retryable, status });
  });

  it('makes a 429 retryable after its Retry-After (at least 1 s), as retryAfterMs', () => {
    const mapped = external(toSlackError(new WebAPIRateLimitedError(7), 'chat.postMessage'));
    expect(mapped.message).toBe('Slack chat.postMessage was rate limited; retry after 7 s');
    expect(mapped).toMatchObject({
      retryable: true,
      status: 429,
      context: expect.objectContaining({ retryAfterMs: 7000 }),
    });
    expect(external(toSlackError(new WebAPIRateLimitedError(0), 'x')).context?.retryAfterMs).toBe(1000);
  });

  it('makes a network error retryable', () => {
    const cause = new WebAPIRequestError(new Error('socket hang up'));
    const mapped = external(toSlackError(cause, 'chat.postMessage'));
    expect(mapped.message).toBe(
      'Slack chat.postMessage could not be reached: A request error occurred: socket hang up',
    );
    expect(mapped).toMatchObject({ retryable: true, status: undefined });
    expect(mapped.cause).toBe(cause);
    expect(external(toSlackError(new Error('boom'), 'x')).retryable).toBe(true);
    expect(external(toSlackError(undefined, 'x')).message).toBe('Slack x could not be reached: undefined');
  });
});
