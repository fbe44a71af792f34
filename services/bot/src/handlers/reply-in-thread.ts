import type { SlackPort, SlackReply } from '../ports.js';

/**
 * Answers an @-mention in its thread, where everyone in the channel can read it (a mention has no
 * response_url and nothing ephemeral): the reply's text and blocks, posted with `thread_ts`.
 * A reply with nothing to say (a bare `delete_original`) posts nothing.
 */
export async function replyInThread(
  slack: Pick<SlackPort, 'postMessage'>,
  thread: { channel: string; thread_ts: string },
  reply: SlackReply,
): Promise<void> {
  if (!reply.text && !reply.blocks) return;
  await slack.postMessage({
    channel: thread.channel,
    thread_ts: thread.thread_ts,
    text: reply.text,
    ...(reply.blocks ? { blocks: reply.blocks } : {}),
  });
}
