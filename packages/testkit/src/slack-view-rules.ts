import type { Json } from './json.js';
import { blockKitErrors } from './slack-block-kit.js';
import { type Check, textObject, tooLong } from './slack-checks.js';

/**
 * A view's limits (Slack's view object reference, @slack/types views.ts): at most 100 blocks (a modal
 * and a Home tab alike); a modal's `title` (plain_text, required), `submit` and `close` at most 24
 * characters, `submit` required when an input block is in it; `callback_id` and `external_id` at
 * most 255; `private_metadata` at most 3,000; the whole view at most 250 kB (`view_too_large`).
 */
export const VIEW_LIMITS = {
  blocks: 100,
  title: 24,
  button: 24,
  callbackId: 255,
  externalId: 255,
  privateMetadata: 3000,
  bytes: 250 * 1024,
} as const;

export type ViewSurface = 'modal' | 'home';

/** Slack's errors for a view, worded as Slack words them (`… [json-pointer:/view/title/text]`); empty when valid. */
export function viewErrors(view: unknown, surface: ViewSurface): string[] {
  const v = view as Json | undefined;
  if (!v || typeof v !== 'object') return ['failed to match all allowed schemas [json-pointer:/view]'];
  if (v.type !== surface) return [`must be one of ${surface} [json-pointer:/view/type]`];
  const c: Check = { errors: [] };
  if (!Array.isArray(v.blocks)) c.errors.push('failed to match all allowed schemas [json-pointer:/view/blocks]');
  else c.errors.push(...blockKitErrors(v.blocks, { maxBlocks: VIEW_LIMITS.blocks, at: '/view/blocks' }));
  if (surface === 'modal') {
    textObject(c, v.title, '/view/title', VIEW_LIMITS.title, true);
    if (v.submit !== undefined) textObject(c, v.submit, '/view/submit', VIEW_LIMITS.button, true);
    if (v.close !== undefined) textObject(c, v.close, '/view/close', VIEW_LIMITS.button, true);
    const hasInput = Array.isArray(v.blocks) && v.blocks.some((b: Json) => b?.type === 'input');
    if (hasInput && v.submit === undefined)
      c.errors.push('must provide submit when blocks contain an input [json-pointer:/view/submit]');
  }
  tooLong(c, v.callback_id, VIEW_LIMITS.callbackId, '/view/callback_id');
  tooLong(c, v.external_id, VIEW_LIMITS.externalId, '/view/external_id');
  tooLong(c, v.private_metadata, VIEW_LIMITS.privateMetadata, '/view/private_metadata');
  return c.errors;
}

/** Slack's answer to a view it refuses (`invalid_arguments` with `[ERROR]` lines, or `view_too_large`), or null. */
export function viewRefusal(view: unknown, surface: ViewSurface): Json | null {
  if (Buffer.byteLength(JSON.stringify(view ?? null)) > VIEW_LIMITS.bytes)
    return { ok: false, error: 'view_too_large' };
  return invalidArguments(viewErrors(view, surface).map((e) => `[ERROR] ${e}`));
}

/** `invalid_arguments` with Slack's lines in response_metadata.messages; null without any. */
export function invalidArguments(messages: string[]): Json | null {
  if (messages.length === 0) return null;
  return { ok: false, error: 'invalid_arguments', response_metadata: { messages } };
}
