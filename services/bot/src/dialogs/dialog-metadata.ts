import { createHmac, timingSafeEqual } from 'node:crypto';
import { DIALOG_KINDS, type DialogKind } from '@chatops/shared/contracts';

/**
 * What a dialog remembers in its `private_metadata`: which dialog, whose, the channel it was opened
 * from, and the app picked last (for the ref field's suggestions). Slack hands it back inside the
 * signed view payload, but only the bot's own signature (HMAC with CHATOPS_PAYLOAD_SECRET over
 * dialog, user and channel) makes the channel trustworthy: anything else is as if opened from nowhere.
 */
export type DialogMetadata = { dialog: DialogKind; user: string; channel?: string; app?: string };

const sign = (secret: string, m: DialogMetadata) =>
  createHmac('sha256', secret)
    .update(`chatops-dialog\n${m.dialog}\n${m.user}\n${m.channel ?? ''}`)
    .digest('base64url');

/** The `private_metadata` of a dialog (well under Slack's 3,000 characters). Pure. */
export function writeDialogMetadata(secret: string, m: DialogMetadata): string {
  return JSON.stringify({
    d: m.dialog,
    u: m.user,
    ...(m.channel ? { c: m.channel } : {}),
    ...(m.app ? { a: m.app.slice(0, 63) } : {}),
    s: sign(secret, m),
  });
}

/**
 * A dialog's metadata when the bot signed it for this person, else null (tampered, another person's,
 * or not the bot's). Pure.
 */
export function readDialogMetadata(secret: string, raw: string | undefined, userId: string): DialogMetadata | null {
  let json: unknown;
  try {
    json = JSON.parse(raw ?? '');
  } catch {
    return null;
  }
  if (!json || typeof json !== 'object') return null;
  const { d, u, c, a, s } = json as Record<string, unknown>;
  if (!DIALOG_KINDS.includes(d as DialogKind) || u !== userId || typeof s !== 'string') return null;
  if (c !== undefined && typeof c !== 'string') return null;
  const m: DialogMetadata = {
    dialog: d as DialogKind,
    user: u,
    ...(c ? { channel: c } : {}),
    ...(typeof a === 'string' && a ? { app: a } : {}),
  };
  const want = Buffer.from(sign(secret, m));
  const got = Buffer.from(s);
  return want.length === got.length && timingSafeEqual(want, got) ? m : null;
}
