/** Escapes text for Slack mrkdwn (branch names, descriptions: anything a person or tool chose). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** A mrkdwn link, or just the label when there is no URL. URLs with `|`, `<` or `>` are not linked. */
export function link(url: string | null | undefined, label: string): string {
  if (!url || /[|<>\s]/.test(url) || !/^https?:\/\//.test(url)) return label;
  return `<${url}|${label}>`;
}

/** `code` span of user text, escaped and cut short. */
export function code(text: string, max = 80): string {
  return `\`${escapeMrkdwn(truncate(text.replace(/`/g, "'"), max))}\``;
}
