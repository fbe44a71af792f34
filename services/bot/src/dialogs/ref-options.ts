import type { RefList } from '../ports.js';
import { option } from '../render/dialog-view.js';

/** Slack shows at most 100 options; an option's value is at most 150 characters. */
const MAX_OPTIONS = 100;
const MAX_VALUE = 150;
const SHA = /^[0-9a-f]{7,40}$/i;

/** Whether a typed ref names a commit (7 to 40 hex digits). Pure. */
function looksLikeSha(text: string): boolean {
  return SHA.test(text);
}

/** Whether the ref is a branch or tag of the list, or a commit's sha. Pure. */
export function knownRef(refs: RefList, ref: string): boolean {
  return looksLikeSha(ref) || refs.branches.includes(ref) || refs.tags.includes(ref);
}

/**
 * The ref field's suggestions for what the person typed: the typed text first when it looks like a
 * sha, then branches and tags containing it (case-insensitive), exact and prefix matches first,
 * the default branch first of all when nothing is typed; at most 100. Pure.
 */
export function refOptions(refs: RefList | null, typed: string): { options: Array<ReturnType<typeof option>> } {
  const query = typed.trim().toLowerCase();
  const out: Array<ReturnType<typeof option>> = [];
  const seen = new Set<string>();
  const add = (text: string, value: string) => {
    if (seen.has(value) || out.length >= MAX_OPTIONS) return;
    seen.add(value);
    out.push(option(text, value));
  };
  if (looksLikeSha(typed.trim())) add(`commit ${typed.trim()}`, typed.trim().toLowerCase());
  if (!refs) return { options: out };
  const rank = (name: string) => {
    const n = name.toLowerCase();
    if (n === query) return 0;
    if (n.startsWith(query)) return 1;
    return 2;
  };
  const matching = (names: string[], kind: 'branch' | 'tag') =>
    names
      .filter((n) => n.length <= MAX_VALUE && n.toLowerCase().includes(query))
      .map((name) => ({ name, kind, rank: name === refs.defaultBranch && !query ? -1 : rank(name) }));
  const all = [...matching(refs.branches, 'branch'), ...matching(refs.tags, 'tag')].sort(
    (a, b) => a.rank - b.rank || (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'branch' ? -1 : 1),
  );
  for (const r of all) add(r.kind === 'tag' ? `${r.name} (tag)` : r.name, r.name);
  return { options: out };
}
