import { escapeMrkdwn, link } from '@chatops/shared/contracts';

/** Longer URLs are not linked (a real GitHub or CI link is far shorter): a message stays within its limits. */
const MAX_URL = 500;

/**
 * `text` escaped for mrkdwn and cut to at most `max` characters of what is sent, never inside an
 * entity (`&amp;`) or a character: anything a GitHub user chose (refs, descriptions, names) goes
 * through here, so it neither becomes markup nor grows a block past Slack's limits.
 */
export function escapeCut(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  let out = '';
  for (const char of text) {
    const piece = escapeMrkdwn(char);
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/** A `code` span of user text: escaped, cut, and without backticks (which would end it). */
export function codeCut(text: string, max: number): string {
  return `\`${escapeCut(text.replace(/`/g, "'"), max)}\``;
}

/** A mrkdwn link with an already escaped label (never empty); just the label for a missing, odd or overlong URL. */
export function linkTo(url: string | null | undefined, label: string): string {
  const text = label || 'link';
  return url && url.length <= MAX_URL ? link(url, text) : text;
}
