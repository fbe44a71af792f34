import { renderMrkdwn } from './render-channel.js';

type Block = {
  type?: string;
  text?: { text?: string };
  elements?: Array<{ type?: string; text?: { text?: string } | string }>;
};

/**
 * A person's Home tab as text for the demo's terminal: each app's header, each environment's lines
 * (mentions by name, dates by their fallback), its buttons, the closing notes.
 */
export function describeHome(who: string, blocks: unknown[], names: ReadonlyMap<string, string>): string {
  const lines = [`  ┌ ${who}'s Home tab`];
  for (const block of blocks as Block[]) {
    if (block.type === 'header') lines.push(`  │ ── ${block.text?.text ?? ''}`);
    if (block.type === 'section')
      for (const line of renderMrkdwn(block.text?.text ?? '', names).split('\n')) lines.push(`  │ ${line}`);
    if (block.type === 'actions')
      lines.push(
        `  │   ${(block.elements ?? []).map((e) => `[ ${typeof e.text === 'object' ? e.text?.text : ''} ]`).join(' ')}`,
      );
    if (block.type === 'context')
      for (const e of block.elements ?? [])
        lines.push(`  │ ${renderMrkdwn(typeof e.text === 'string' ? e.text : (e.text?.text ?? ''), names)}`);
  }
  lines.push('  └');
  return `${lines.join('\n')}\n`;
}
