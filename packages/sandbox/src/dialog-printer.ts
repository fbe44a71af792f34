/** A modal as Slack keeps it (the fake Slack's view): its title, buttons and blocks. */
type View = { title?: { text?: string } | null; submit?: { text?: string } | null; blocks: unknown[] };
type Option = { text?: { text?: string }; value?: string };
type Block = {
  type?: string;
  label?: { text?: string };
  text?: { text?: string };
  element?: { type?: string; options?: Option[]; initial_option?: Option; placeholder?: { text?: string } };
};

/**
 * A dialog as the person sees it, as text for the demo's terminal: each field with what is picked
 * and what a select offers, then its buttons.
 */
export function describeDialog(who: string, view: View): string {
  const lines = [`  ┌ ${who}'s dialog: ${view.title?.text ?? ''}`];
  for (const block of view.blocks as Block[]) {
    if (block.type === 'section') lines.push(`  │ ${block.text?.text ?? ''}`);
    if (block.type !== 'input' || !block.element) continue;
    const e = block.element;
    if (e.type === 'checkboxes') {
      lines.push(
        `  │ ${block.label?.text ?? ''}: ${(e.options ?? []).map((o) => `☐ ${o.text?.text ?? ''}`).join(' ')}`,
      );
      continue;
    }
    const picked = e.initial_option?.text?.text ?? '';
    const offered = e.options ? `   (${e.options.map((o) => o.text?.text ?? o.value).join(', ')})` : '';
    const search = e.type === 'external_select' ? '   (type to search)' : '';
    lines.push(`  │ ${block.label?.text ?? ''}: ${picked || `[${e.placeholder?.text ?? ''}]`}${offered}${search}`);
  }
  lines.push(`  └ [ Cancel ]${view.submit?.text ? ` [ ${view.submit.text} ]` : ''}`);
  return `${lines.join('\n')}\n`;
}
