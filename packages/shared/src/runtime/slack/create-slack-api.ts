import { LogLevel, WebClient, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from 'pino';
import { ExternalApiError } from '../../contracts/errors.js';
import { inClientSpan } from '../telemetry/tracing.js';
import { type SlackTarget, toSlackError } from './slack-error.js';
import type { SlackRateHold } from './slack-rate-hold.js';

export type SlackApiOptions = {
  token: string;
  apiUrl: string;
  logger: Logger;
  /** Tries of a network error or 5xx inside one job attempt (default 2; a 429 is never slept on). */
  retries?: number;
  timeoutMs?: number;
  /** The shared hold of rate-limited methods; without it, a 429 only delays the job that got it. */
  hold?: SlackRateHold;
};

/** Slack's Web API, as every service calls it. */
export type SlackApi = {
  readonly client: WebClient;
  /**
   * One call of `method`: waits for no one (a held method fails at once, retryable after the hold);
   * a 429 holds the method for everyone; failures are mapped by `toSlackError`.
   */
  call<T>(method: string, fn: (client: WebClient) => Promise<T>, target?: SlackTarget): Promise<T>;
};

/** The one Slack client of chatops: @slack/web-api with rate-limited calls rejected, not slept on. */
export function createSlackApi(options: SlackApiOptions): SlackApi {
  const client = new WebClient(options.token, {
    slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    timeout: options.timeoutMs ?? 10_000,
    logger: slackLogger(options.logger),
    logLevel: LogLevel.WARN,
  });
  const { hold } = options;
  return {
    client,
    async call(method, fn, target) {
      const wait = (await hold?.remaining(method)) ?? 0;
      if (wait > 0) {
        throw new ExternalApiError('slack', `Slack ${method} is held for ${wait} ms after a 429`, {
          status: 429,
          retryable: true,
          retryAfterMs: wait,
        });
      }
      try {
        return await inClientSpan(`Slack ${method}`, { 'rpc.method': method }, () => fn(client));
      } catch (e) {
        const error = toSlackError(e, method, target);
        const retryAfterMs = error instanceof ExternalApiError ? error.context?.retryAfterMs : undefined;
        if (retryAfterMs) await hold?.hold(method, retryAfterMs);
        throw error;
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
