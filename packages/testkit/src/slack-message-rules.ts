import type { Json } from './json.js';
import { blockKitErrors, invalidBlocks } from './slack-block-kit.js';

/** Slack truncates, and then refuses, a message `text` past 40,000 characters (chat.postMessage docs). */
export const MAX_TEXT = 40_000;

/**
 * What Slack answers to a message's `text` and `blocks` (chat.postMessage, chat.postEphemeral,
 * chat.update, a response_url), or null when it takes them:
 * - `blocks` that are not a JSON array: `invalid_blocks_format`;
 * - blocks that break Block Kit's limits: `invalid_blocks`, with Slack's error lines;
 * - `text` over 40,000 characters: `msg_too_long`;
 * - neither text nor blocks: `no_text`;
 * - blocks without a fallback `text` (what notifications and screen readers show): `no_text` too.
 *   Slack itself accepts such a message and @slack/web-api only warns; issue 13 makes the fake refuse
 *   it so that a missing fallback fails a test.
 * `keptText`: the text a chat.update without `text` keeps (the message's previous one).
 */
export function messageRefusal(args: Json, keptText?: string): Json | null {
  const blocks = args.blocks;
  if (blocks !== undefined && !Array.isArray(blocks)) return { ok: false, error: 'invalid_blocks_format' };
  if (Array.isArray(blocks)) {
    const errors = blockKitErrors(blocks);
    if (errors.length > 0) return invalidBlocks(errors);
  }
  const text = typeof args.text === 'string' ? args.text : keptText;
  if (typeof text === 'string' && [...text].length > MAX_TEXT) return { ok: false, error: 'msg_too_long' };
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  if (!text && !hasBlocks && !args.attachments) return { ok: false, error: 'no_text' };
  if (hasBlocks && !text) return { ok: false, error: 'no_text' };
  return null;
}
