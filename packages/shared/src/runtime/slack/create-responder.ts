import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ExternalApiError, isRetryableStatus } from '../../contracts/errors.js';
import type { SlackApi } from './create-slack-api.js';

/** What a person is answered (through a response_url, or as an ephemeral message). */
export type SlackReply = {
  text: string;
  blocks?: unknown[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  delete_original?: boolean;
};

/** Whom to answer: the request's response_url (none: a dialog's submit), and the channel and person it came from. */
export type ReplyTarget = { responseUrl?: string; receivedAt: string; channel: string; user: string };

export type Responder = { respond(target: ReplyTarget, reply: SlackReply): Promise<void> };

/** chat.postEphemeral's answers for a channel the person cannot be shown a message in. */
const NOT_THERE = new Set(['channel_not_found', 'not_in_channel', 'user_not_in_channel', 'is_archived']);

/** Slack takes at most 5 posts to one response_url, within 30 minutes of the request. */
export const RESPONSE_URL_POSTS = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;

export type ResponderOptions = {
  redis: Redis;
  prefix: string;
  slack: SlackApi;
  timeoutMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
};

/**
 * The one response_url poster: JSON, no redirects followed, a timeout; a 5xx, a 429 or a network
 * error is retryable. Posts are counted per URL in Redis (across retries and processes): past
 * Slack's 5 posts or 30 minutes, or when Slack says the URL is used up (404/410), the answer goes
 * out with `chat.postEphemeral` (or `chat.postMessage` for an in-channel answer) instead of being lost.
 */
export function createResponder(options: ResponderOptions): Responder {
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const key = (url: string) => `${options.prefix}:slack:response:${createHash('sha256').update(url).digest('hex')}`;
  const usable = async (target: ReplyTarget): Promise<boolean> => {
    if (!target.responseUrl) return false;
    if (now() - Date.parse(target.receivedAt) >= RESPONSE_URL_LIFETIME_MS) return false;
    const [[, count]] = (await options.redis
      .multi()
      .incr(key(target.responseUrl))
      .expire(key(target.responseUrl), RESPONSE_URL_LIFETIME_MS / 1000, 'NX')
      .exec()) as [[unknown, number]];
    return count <= RESPONSE_URL_POSTS;
  };
  const instead = async (target: ReplyTarget, reply: SlackReply) => {
    if (!reply.text && !reply.blocks) return; // a bare delete_original has nothing to say elsewhere
    const message = { channel: target.channel, text: reply.text, blocks: reply.blocks as never };
    if (reply.response_type === 'in_channel') {
      await options.slack.call('chat.postMessage', (c) => c.chat.postMessage(message));
      return;
    }
    try {
      await options.slack.call('chat.postEphemeral', (c) => c.chat.postEphemeral({ ...message, user: target.user }));
    } catch (e) {
      // Not a channel the person (or the bot) is in, e.g. the environment's channel of a dialog opened
      // from the Home tab: the answer goes to the person in the app's Messages tab instead.
      if (!(e instanceof ExternalApiError) || !NOT_THERE.has(String(e.context?.apiCode))) throw e;
      await options.slack.call('chat.postMessage', (c) => c.chat.postMessage({ ...message, channel: target.user }));
    }
  };
  return {
    async respond(target, reply) {
      if (!target.responseUrl || !(await usable(target))) return instead(target, reply);
      let res: Response;
      try {
        res = await doFetch(target.responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(reply),
          redirect: 'error',
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (e) {
        // fetch reports a refused redirect as "fetch failed" with the reason in its cause.
        if (/redirect/i.test(String((e as Error).cause))) {
          throw new ExternalApiError('slack', "Slack's response_url answered with a redirect; not followed", {
            retryable: false,
            cause: e,
          });
        }
        throw new ExternalApiError('slack', `Slack's response_url could not be reached: ${(e as Error).message}`, {
          retryable: true,
          cause: e,
        });
      }
      await res.arrayBuffer().catch(() => undefined);
      if (res.status === 404 || res.status === 410) return instead(target, reply);
      if (!res.ok) {
        throw new ExternalApiError('slack', `Slack's response_url answered HTTP ${res.status}`, {
          status: res.status,
          retryable: isRetryableStatus(res.status),
        });
      }
    },
  };
}
