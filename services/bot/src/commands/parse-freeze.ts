import type { ParseResult } from './parse-command.js';
import { untilWords } from './parse-until.js';

const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/i;
const PREPOSITIONS = new Set(['to', 'in', 'on']);
const HINT = 'Try `/deploy help`.';
const USAGE = {
  freeze: 'freeze APP [ENV] until TIME REASON',
  unfreeze: 'unfreeze APP [ENV]',
  freezes: 'freezes [APP]',
} as const;

const fail = (verb: keyof typeof USAGE, why = ''): ParseResult => ({
  ok: false,
  error: `${why}Usage: \`${USAGE[verb]}\`. ${HINT}`,
});

/**
 * `freeze APP [to|in|on ENV] until TIME REASON…`, `unfreeze APP [ENV]`, `freezes [APP]`. TIME is read
 * against the clock in the worker (parse-until.ts). Pure.
 */
export function parseFreeze(verb: 'freeze' | 'unfreeze' | 'freezes', rest: string[]): ParseResult {
  if (verb === 'freezes') {
    if (rest.length === 0) return { ok: true, command: { action: 'freezes' } };
    return rest.length === 1 && NAME.test(rest[0]!)
      ? { ok: true, command: { action: 'freezes', app: rest[0]! } }
      : fail(verb);
  }
  const [app, ...tail] = rest;
  if (app === undefined || !NAME.test(app)) return fail(verb);
  const words = tail.length > 1 && PREPOSITIONS.has(tail[0]!.toLowerCase()) ? tail.slice(1) : tail;
  const env = words[0] !== undefined && words[0].toLowerCase() !== 'until' ? words[0] : undefined;
  if (env !== undefined && !NAME.test(env)) return fail(verb);
  const after = env === undefined ? words : words.slice(1);
  const where = { app, ...(env ? { environment: env } : {}) };
  if (verb === 'unfreeze')
    return after.length === 0 ? { ok: true, command: { action: 'unfreeze', ...where } } : fail(verb);
  if (after[0]?.toLowerCase() !== 'until') return fail(verb);
  const until = untilWords(after.slice(1));
  if (!until) return fail(verb, 'I cannot read the time after `until`. ');
  const reason = until.rest.join(' ');
  if (!reason) return fail(verb, 'A freeze needs a reason. ');
  if (reason.length > 500) return { ok: false, error: 'The reason is too long (at most 500 characters).' };
  return { ok: true, command: { action: 'freeze', ...where, until: until.until, reason } };
}
