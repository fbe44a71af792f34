import { ExternalApiError, jobId, type MessageRef } from '@chatops/shared';
import type { Turn } from './worker-deps.js';

/**
 * The one in-channel message of a command, posted once across job retries (its ref is kept by
 * trigger id). From a channel the bot cannot post in (a DM, a private channel it is not in), it goes
 * to `fallbackChannel` instead.
 */
export async function postOnce(turn: Turn, text: string, fallbackChannel: string | undefined, blocks?: unknown[]): Promise<MessageRef> {
  const key = `trigger-${jobId(turn.job.trigger_id)}`;
  const existing = await turn.deps.messages.get(key);
  if (existing) return existing;
  let posted: MessageRef;
  try {
    posted = await turn.deps.slack.postMessage({ channel: turn.job.channel_id, text, blocks });
  } catch (e) {
    // A DM or a private channel the bot is not in: post where this app's deploys go instead.
    const unreachable = e instanceof ExternalApiError && !e.retryable && /channel_not_found|not_in_channel/.test(e.message);
    if (!unreachable || !fallbackChannel || fallbackChannel === turn.job.channel_id) throw e;
    posted = await turn.deps.slack.postMessage({ channel: fallbackChannel, text, blocks });
  }
  await turn.deps.messages.set(key, { channel: posted.channel, ts: posted.ts });
  return posted;
}
