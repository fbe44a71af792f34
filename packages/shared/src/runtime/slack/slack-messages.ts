import type { MessageRef } from '../../contracts/message-ref.js';
import type { SlackApi } from './create-slack-api.js';
import { fitBlockKit } from './fit-block-kit.js';

/** Slack message metadata (`chat.postMessage`'s `metadata`): invisible to people, read by `conversations.history`. */
export type MessageMetadata = { event_type: string; event_payload: Record<string, string> };

/** A message as a service sends it: a fallback text (what notifications show), blocks, a thread, metadata. */
export type SlackMessage = {
  channel: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  metadata?: MessageMetadata;
};

/**
 * Posts a message the one way every service does: cut to Block Kit's limits on its way out (a last
 * guard: renderers already cut what they show), links and media never unfurled, through the shared
 * client (a 429 holds the method for everyone; failures mapped by `toSlackError`).
 */
export async function postSlackMessage(
  api: SlackApi,
  message: SlackMessage,
): Promise<Pick<MessageRef, 'channel' | 'ts'>> {
  const { text, blocks } = fitBlockKit(message);
  const res = await api.call(
    'chat.postMessage',
    (c) =>
      c.chat.postMessage({
        channel: message.channel,
        text,
        ...(blocks ? { blocks: blocks as never } : {}),
        ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
        ...(message.metadata ? { metadata: message.metadata } : {}),
        unfurl_links: false,
        unfurl_media: false,
      }),
    { channel: message.channel },
  );
  return { channel: res.channel ?? message.channel, ts: String(res.ts) };
}

/** Updates a message in place, cut to Block Kit's limits; without blocks Slack keeps the old ones. */
export async function updateSlackMessage(
  api: SlackApi,
  ref: Pick<MessageRef, 'channel' | 'ts'>,
  body: { text: string; blocks?: unknown[] },
): Promise<void> {
  const { text, blocks } = fitBlockKit(body);
  await api.call(
    'chat.update',
    (c) => c.chat.update({ channel: ref.channel, ts: ref.ts, text, ...(blocks ? { blocks: blocks as never } : {}) }),
    ref,
  );
}
