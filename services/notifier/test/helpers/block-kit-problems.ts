/**
 * What Slack would refuse in a message (`invalid_blocks`, `msg_too_long`, `no_text`), by its
 * documented limits: at most 50 blocks; a section's text ≤ 3,000 and at most 10 fields of ≤ 2,000;
 * a header ≤ 150; a context at most 10 elements; a button's text ≤ 75, its value ≤ 2,000; ids ≤ 255;
 * no empty text object; `text` ≤ 40,000, and present beside blocks (the notification's fallback).
 * Written apart from the notifier's own fitting, so the two check each other.
 */
export function blockKitProblems(body: { text?: string; blocks?: unknown[] }): string[] {
  const problems: string[] = [];
  const text = body.text ?? '';
  if (text.length > 40_000) problems.push(`text is ${text.length} characters (max 40000)`);
  if (!body.blocks) {
    if (!text) problems.push('no text');
    return problems;
  }
  if (!text.trim()) problems.push('blocks without a fallback text');
  if (body.blocks.length > 50) problems.push(`${body.blocks.length} blocks (max 50)`);
  body.blocks.forEach((raw, i) => {
    const block = raw as Record<string, unknown>;
    const at = `block ${i} (${String(block.type)})`;
    const textOf = (o: unknown, max: number, what: string) => {
      const t = (o as { type?: unknown; text?: unknown } | undefined) ?? {};
      if (t.type !== 'mrkdwn' && t.type !== 'plain_text') problems.push(`${at}: ${what} has type ${String(t.type)}`);
      if (typeof t.text !== 'string' || t.text.length === 0) problems.push(`${at}: ${what} is empty`);
      else if (t.text.length > max) problems.push(`${at}: ${what} is ${t.text.length} characters (max ${max})`);
    };
    if (typeof block.block_id === 'string' && block.block_id.length > 255) problems.push(`${at}: block_id too long`);
    if (block.type === 'section') {
      if (!block.text && !block.fields) problems.push(`${at}: neither text nor fields`);
      if (block.text) textOf(block.text, 3000, 'text');
      const fields = (block.fields ?? []) as unknown[];
      if (fields.length > 10) problems.push(`${at}: ${fields.length} fields (max 10)`);
      for (const [j, f] of fields.entries()) textOf(f, 2000, `field ${j}`);
    } else if (block.type === 'header') {
      textOf(block.text, 150, 'text');
    } else if (block.type === 'context') {
      const elements = (block.elements ?? []) as unknown[];
      if (elements.length === 0 || elements.length > 10) problems.push(`${at}: ${elements.length} elements (1 to 10)`);
      for (const [j, e] of elements.entries()) textOf(e, 3000, `element ${j}`);
    } else if (block.type === 'actions') {
      for (const e of (block.elements ?? []) as Array<Record<string, unknown>>) {
        textOf(e.text, 75, 'button text');
        if (typeof e.value === 'string' && e.value.length > 2000) problems.push(`${at}: button value too long`);
        if (typeof e.action_id === 'string' && e.action_id.length > 255) problems.push(`${at}: action_id too long`);
      }
    } else {
      problems.push(`${at}: a block type the notifier does not send`);
    }
  });
  return problems;
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
