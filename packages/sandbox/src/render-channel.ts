/** A Slack block, block element or text object: the keys the renderer reads, as they came in a message. */
type BlockNode = {
  type?: unknown;
  text?: string | BlockNode;
  fields?: BlockNode[];
  elements?: BlockNode[];
};

/** Slack mrkdwn as a terminal shows it: mentions by name, links as "label (url)", dates by their fallback. */
export function renderMrkdwn(text: string, names: ReadonlyMap<string, string> = new Map()): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (_m, id: string) => `@${names.get(id) ?? id}`)
    .replace(/<!subteam\^([A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, label?: string) => label ?? `@${id}`)
    .replace(/<#([CG][A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, label?: string) => `#${label ?? id}`)
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function textOf(el: BlockNode | string | undefined, names: ReadonlyMap<string, string>): string {
  if (!el || typeof el === 'string') return '';
  if (typeof el.text === 'string') return el.type === 'mrkdwn' ? renderMrkdwn(el.text, names) : el.text;
  if (el.text && typeof el.text === 'object') return textOf(el.text, names);
  return '';
}

/** The blocks of a message (or its fallback text) as indented lines for a terminal. */
export function renderMessage(
  message: { text?: string; blocks?: unknown[] },
  names: ReadonlyMap<string, string> = new Map(),
): string[] {
  const blocks = (message.blocks ?? []) as BlockNode[];
  if (blocks.length === 0) return renderMrkdwn(message.text ?? '', names).split('\n');
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'header':
      case 'section':
      case 'markdown': {
        const text =
          block.type === 'markdown' ? renderMrkdwn(String(block.text ?? ''), names) : textOf(block.text, names);
        if (text) lines.push(...text.split('\n'));
        for (const field of block.fields ?? []) lines.push(...textOf(field, names).replace('\n', ': ').split('\n'));
        break;
      }
      case 'context':
        lines.push(
          (block.elements ?? [])
            .map((e) => textOf(e, names))
            .filter(Boolean)
            .join('  ·  '),
        );
        break;
      case 'actions':
        lines.push((block.elements ?? []).map((e) => `[ ${textOf(e, names)} ]`).join(' '));
        break;
      case 'divider':
        lines.push('─'.repeat(40));
        break;
      default:
        break;
    }
  }
  return lines.filter((l) => l.trim() !== '');
}
