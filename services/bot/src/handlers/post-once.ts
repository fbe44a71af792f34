import { ExternalApiError, jobId, type MessageRef } from '@chatops/shared/contracts';
import type { MessageMetadata } from '../ports.js';
import type { CommandContext } from './command-context.js';

const WEEK_S = 7 * 24 * 3600;
/** Margin on the "posting" mark's time when searching the channel (clocks of the bot and Slack differ a little). */
const CLOCK_MARGIN_S = 120;

/**
 * The one in-channel message of a command, posted once across job retries and crashes. Its ref is
 * kept by trigger id; a mark is set before posting, and the message carries the trigger in its
 * metadata, so a retry that finds the mark but no ref (the worker died between Slack's answer and
 * noting it) looks for the message in the channel (`conversations.history`) before posting again.
 * From a channel the bot cannot post in (a DM, a private channel it is not in), it goes to
 * `fallbackChannel` instead.
 */
export async function postOnce(
  ctx: CommandContext,
  text: string,
  fallbackChannel: string | undefined,
  blocks?: unknown[],
): Promise<MessageRef> {
  const trigger = jobId(ctx.job.trigger_id);
  const key = `trigger-${trigger}`;
  const mark = `posting-${trigger}`;
  const [existing, markedAt] = await Promise.all([ctx.deps.messages.get(key), ctx.deps.marks.recall(mark)]);
  if (existing) return existing;
  const metadata: MessageMetadata = { event_type: 'chatops_command', event_payload: { trigger } };
  let posted = markedAt
    ? await findPosted(ctx, [ctx.job.channel_id, fallbackChannel], metadata, Number(markedAt) - CLOCK_MARGIN_S)
    : null;
  if (posted)
    ctx.log.warn(
      { channel: posted.channel, ts: posted.ts },
      'found the message an earlier attempt posted; not posting again',
    );
  if (!markedAt) await ctx.deps.marks.remember(mark, String(Math.floor(ctx.deps.clock.now() / 1000)), WEEK_S);
  posted ??= await post(ctx, { text, blocks, metadata }, fallbackChannel);
  await ctx.deps.messages.set(key, { channel: posted.channel, ts: posted.ts });
  return posted;
}

async function post(
  ctx: CommandContext,
  message: { text: string; blocks?: unknown[]; metadata: MessageMetadata },
  fallbackChannel: string | undefined,
): Promise<MessageRef> {
  try {
    return await ctx.deps.slack.postMessage({ channel: ctx.job.channel_id, ...message });
  } catch (e) {
    // A DM or a private channel the bot is not in: post where this app's deploys go instead.
    if (!unreachable(e) || !fallbackChannel || fallbackChannel === ctx.job.channel_id) throw e;
    return ctx.deps.slack.postMessage({ channel: fallbackChannel, ...message });
  }
}

/**
 * Looks in the command's channel and the fallback one; a channel the bot cannot read (no history scope, not a member)
 * counts as not found.
 */
async function findPosted(
  ctx: CommandContext,
  channels: Array<string | undefined>,
  metadata: MessageMetadata,
  oldestS: number,
): Promise<MessageRef | null> {
  for (const channel of new Set(channels.filter((c): c is string => Boolean(c)))) {
    try {
      const found = await ctx.deps.slack.findMessage(channel, metadata, String(oldestS));
      if (found) return found;
    } catch (e) {
      if (e instanceof ExternalApiError && !e.retryable) {
        ctx.log.warn({ channel, err: e }, 'cannot read the channel to find an earlier post; posting again');
        continue;
      }
      throw e;
    }
  }
  return null;
}

/** A channel the bot cannot post in: a DM, a private channel it is not in, one that is gone. */
export const unreachable = (e: unknown) =>
  e instanceof ExternalApiError && (e.apiCode === 'channel_not_found' || e.apiCode === 'not_in_channel');
