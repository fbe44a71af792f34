import { WebClient, LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '@chatops/shared/runtime';
import { ExternalApiError } from '@chatops/shared/contracts';
import { mapSlackError } from '../slack/map-slack-error.js';
import type { SlackPort } from '../ports.js';

export type SlackWebClientOptions = {
  token: string;
  apiUrl: string;
  logger: Logger;
  /** Retries of network errors and 5xx inside one job attempt (429 is never slept on). */
  retries?: number;
  timeoutMs?: number;
};

/** The Slack adapter: @slack/web-api with rate-limited calls rejected, errors mapped. */
export function createSlackWebClient(options: SlackWebClientOptions): SlackPort {
  const client = new WebClient(options.token, {
    slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    timeout: options.timeoutMs ?? 10_000,
    logger: slackLogger(options.logger),
    logLevel: LogLevel.WARN,
  });
  return {
    async postMessage(channel, body) {
      try {
        const res = await client.chat.postMessage({
          channel,
          text: body.text,
          blocks: body.blocks as never,
          thread_ts: body.thread_ts,
          unfurl_links: false,
          unfurl_media: false,
        });
        return { channel: res.channel ?? channel, ts: String(res.ts) };
      } catch (e) {
        throw mapSlackError(e, 'chat.postMessage', { channel });
      }
    },
    async updateMessage(ref, body) {
      try {
        await client.chat.update({ channel: ref.channel, ts: ref.ts, text: body.text, blocks: body.blocks as never });
      } catch (e) {
        throw mapSlackError(e, 'chat.update', ref);
      }
    },
    async respond(responseUrl, body) {
      const res = await fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          response_type: 'ephemeral',
          replace_original: false,
          text: body.text,
          blocks: body.blocks,
        }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        redirect: 'error',
      }).catch((e: unknown) => {
        throw new ExternalApiError(
          'slack',
          `[notifier] Slack response_url could not be reached: ${(e as Error).message}`,
          { retryable: true },
        );
      });
      if (!res.ok) {
        throw new ExternalApiError('slack', `[notifier] Slack response_url answered HTTP ${res.status}`, {
          status: res.status,
          retryable: res.status >= 500 || res.status === 429,
        });
      }
    },
  };
}

/** @slack/web-api logs through pino, so its lines are JSON and scrubbed like ours. */
function slackLogger(log: Logger): SlackLogger {
  const child = log.child({ component: 'slack-web-api' });
  return {
    debug: (...m: unknown[]) => child.debug(m.map(String).join(' ')),
    info: (...m: unknown[]) => child.info(m.map(String).join(' ')),
    warn: (...m: unknown[]) => child.warn(m.map(String).join(' ')),
    error: (...m: unknown[]) => child.error(m.map(String).join(' ')),
    setLevel: () => undefined,
    getLevel: () => LogLevel.WARN,
    setName: () => undefined,
  };
}
