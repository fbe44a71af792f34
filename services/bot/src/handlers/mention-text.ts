import { unescapeSlackText } from '../routes/command-fields.js';

/**
 * The command in an @-mention's text: what follows the leading mention of the app (`<@U0BOT>` or
 * `<@U0BOT|chatops>`, with a `:` or `,` after it), unescaped as a slash command's text is. Without
 * the app's user id, the first leading mention is taken for it. Null when the text does not start
 * with a mention of the app (it was mentioned further on: not a command). Pure.
 */
export function mentionText(text: string, botUserId: string | undefined): string | null {
  const match = /^\s*<@([A-Z0-9]+)(?:\|[^>]*)?>[\s:,]*/.exec(text);
  if (!match || (botUserId && match[1] !== botUserId)) return null;
  return unescapeSlackText(text.slice(match[0].length)).trim();
}
