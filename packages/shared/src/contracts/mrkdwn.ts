/**
 * Slack mrkdwn from text anyone chose (refs, descriptions, user names, tasks): escaped, so it never
 * becomes markup (`<!channel>`, links, mentions), and cut by what is sent, so a block never grows past
 * Slack's limits. Every service writes its Slack texts with these.
 */

/** Longer URLs are not linked (a real GitHub or CI link is far shorter): a message stays within its limits. */
const MAX_URL = 500;

/** Escapes text for Slack mrkdwn: `&`, `<`, `>`. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Plain text (not mrkdwn: a `plain_text` field) cut to at most `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * `text` escaped for mrkdwn and cut to at most `max` characters of what is sent, never inside an
 * entity (`&amp;`) or a character.
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

/** A `code` span of user text: escaped, cut to `max`, without backticks (which would end it). */
export function code(text: string, max = 80): string {
  return `\`${escapeCut(text.replace(/`/g, "'"), max)}\``;
}

/**
 * A mrkdwn link with an already escaped label (never empty), or just the label when the URL is
 * missing, not http(s), holds `|`, `<`, `>` or whitespace, or is overlong.
 */
export function link(url: string | null | undefined, label: string): string {
  const text = label || 'link';
  if (!url || url.length > MAX_URL || /[|<>\s]/.test(url) || !/^https?:\/\//.test(url)) return text;
  return `<${url}|${text}>`;
}
