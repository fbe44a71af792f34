import { messageRefusal } from '@chatops/testkit';

/**
 * What Slack would refuse in a message (`invalid_blocks` with its error lines, `msg_too_long`,
 * `no_text`), by the strict fake Slack's own rules (the testkit's `messageRefusal`): the test oracle,
 * written apart from the notifier's fitting, so the two check each other.
 */
export function blockKitProblems(body: { text?: string; blocks?: unknown[] }): string[] {
  const refusal = messageRefusal({ text: body.text, blocks: body.blocks });
  if (!refusal) return [];
  const lines = (refusal.response_metadata as { messages?: string[] } | undefined)?.messages ?? [];
  return [String(refusal.error), ...lines];
}

const OURS = [
  /^<https?:\/\/[^|<>\s]+\|[^<>]+>/, // a link we made, with an escaped label
  /^<@[UW][A-Z0-9]{2,30}>/, // a mention of a signed requester
  /^<!date\^-?\d+\^\{date_short_pretty\} \{time_secs\}\|[^<>]*>/, // a timestamp in the reader's time zone
];

/**
 * Markup in a text that the notifier did not mean: a `<` that opens no link, mention or date of its
 * own (a `<!channel>` or `<@U…>` from a branch name would ping), or a raw `&` outside a link.
 */
export function strayMarkup(text: string): string[] {
  const problems: string[] = [];
  let rest = text;
  for (let i = rest.indexOf('<'); i >= 0; i = rest.indexOf('<')) {
    const match = OURS.map((re) => re.exec(rest.slice(i))).find(Boolean);
    if (!match) {
      problems.push(`stray markup: ${JSON.stringify(rest.slice(i, i + 40))}`);
      rest = rest.slice(i + 1);
    } else {
      rest = rest.slice(0, i) + rest.slice(i + match[0].length);
    }
  }
  const amp = /&(?!amp;|lt;|gt;)/.exec(rest);
  if (amp) problems.push(`unescaped &: ${JSON.stringify(rest.slice(amp.index, amp.index + 20))}`);
  return problems;
}

/** Every text Slack parses in a message: the fallback and each text object of its blocks. */
export function textsOf(body: { text?: string; blocks?: unknown[] }): string[] {
  const out = body.text ? [body.text] : [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
      else Object.values(o).forEach(walk);
    }
  };
  walk(body.blocks ?? []);
  return out;
}
