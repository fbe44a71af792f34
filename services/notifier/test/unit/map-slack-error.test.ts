import { describe, expect, it } from '@jest/globals';
import { ExternalApiError } from '@chatops/shared/contracts';
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { mapSlackError } from '../../src/slack/map-slack-error.js';
import { SlackMessageGoneError } from '../../src/slack/slack-message-gone-error.js';

const platform = (error: string) => new WebAPIPlatformError({ ok: false, error });

describe('mapSlackError', () => {
  it('turns a 429 into a retryable error that carries Retry-After in ms', () => {
    const mapped = mapSlackError(new WebAPIRateLimitedError(7), 'chat.update') as ExternalApiError;
    expect(mapped).toBeInstanceOf(ExternalApiError);
    expect(mapped.retryable).toBe(true);
    expect(mapped.context).toEqual({ api: 'slack', status: 429, retryAfterMs: 7000 });
    expect(mapped.message).toBe('[notifier] Slack chat.update was rate limited; retry after 7 s');
  });

  it.each([
    ['channel_not_found', 'check "channel" in the apps config'],
    ['not_in_channel', 'invite the bot to the channel'],
    ['invalid_auth', 'SLACK_BOT_TOKEN is not valid for this workspace'],
  ])('fails %s at once, saying how to fix it', (code, fix) => {
    const mapped = mapSlackError(platform(code), 'chat.postMessage', { channel: 'C0X' }) as ExternalApiError;
    expect(mapped.retryable).toBe(false);
    expect(mapped.message.startsWith(`[notifier] Slack chat.postMessage failed: ${code} (channel C0X); to fix: `)).toBe(
      true,
    );
    expect(mapped.message).toContain(fix);
  });

  it.each(['message_not_found', 'cant_update_message'])('turns %s on an update into SlackMessageGoneError', (code) => {
    const mapped = mapSlackError(platform(code), 'chat.update', { channel: 'C0X', ts: '1.2' });
    expect(mapped).toBeInstanceOf(SlackMessageGoneError);
    expect(mapped.message).toBe(`[notifier] Slack message 1.2 in C0X cannot be updated (${code})`);
  });

  it('retries 5xx and network errors, not other 4xx', () => {
    expect(
      (mapSlackError(new WebAPIHTTPError(503, 'Service Unavailable', {}), 'chat.update') as ExternalApiError).retryable,
    ).toBe(true);
    expect(
      (mapSlackError(new WebAPIHTTPError(400, 'Bad Request', {}), 'chat.update') as ExternalApiError).retryable,
    ).toBe(false);
    expect(
      (mapSlackError(new WebAPIRequestError(new Error('socket hang up')), 'chat.update') as ExternalApiError).retryable,
    ).toBe(true);
    expect((mapSlackError(platform('internal_error'), 'chat.update') as ExternalApiError).retryable).toBe(true);
    expect((mapSlackError(platform('invalid_blocks'), 'chat.update') as ExternalApiError).retryable).toBe(false);
  });
});
