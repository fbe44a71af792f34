import { escapeMrkdwn, safeRefSchema } from '@chatops/shared/contracts';
import { parseDeployOptions, type DeployOptions } from './parse-deploy-options.js';
import { parseLockDuration } from './parse-lock-duration.js';
import { parseFreeze } from './parse-freeze.js';

/** A command as typed: names are not yet resolved against the config (aliases, case). */
export type ParsedCommand =
  | ({ action: 'deploy'; app: string; ref?: string; environment?: string } & DeployOptions)
  | { action: 'help' }
  | { action: 'where'; app: string }
  | { action: 'history'; app: string; environment?: string }
  | { action: 'lock'; app: string; environment: string; reason: string; duration_ms?: number }
  | { action: 'unlock' | 'rollback' | 'cancel'; app: string; environment: string }
  | { action: 'destroy'; app: string; ref?: string; environment: string }
  | { action: 'locks'; app?: string }
  | { action: 'health'; app: string; environment?: string }
  | { action: 'stats'; app: string; environment?: string }
  | { action: 'freeze'; app: string; environment?: string; until: string; reason: string }
  | { action: 'unfreeze'; app: string; environment?: string }
  | { action: 'freezes'; app?: string }
  | { action: 'reviews'; app?: string };

export type ParseResult = { ok: true; command: ParsedCommand } | { ok: false; error: string };

const MAX_COMMAND_LENGTH = 1000;
const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/i;
const PREPOSITIONS = new Set(['to', 'in', 'on']);
const HINT = 'Try `/deploy help`.';

const fail = (error: string): ParseResult => ({ ok: false, error });

/** U+0000 to U+0008, U+000B to U+001F and U+007F: the control characters other than tab and line feed. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code <= 0x08 || (code >= 0x0b && code <= 0x1f) || code === 0x7f) return true;
  }
  return false;
}

/** Parses the text of a slash command. Pure and total: it never throws, whatever the text. */
export function parseCommand(text: string): ParseResult {
  if (typeof text !== 'string') return fail(`I could not read that command. ${HINT}`);
  if (text.length > MAX_COMMAND_LENGTH)
    return fail(`That command is too long (at most ${MAX_COMMAND_LENGTH} characters). ${HINT}`);
  if (hasControlCharacter(text)) return fail(`That command contains control characters. ${HINT}`);
  const words = text.trim().split(/\s+/).filter(Boolean);
  const verb = (words[0] ?? 'help').toLowerCase();
  const rest = words.slice(1);
  switch (verb) {
    case 'help':
      return rest.length === 0
        ? { ok: true, command: { action: 'help' } }
        : fail(`\`help\` takes no arguments. ${HINT}`);
    case 'deploy':
      return parseDeploy(rest);
    case 'where':
      return parseAppOnly('where', rest);
    case 'locks':
      if (rest.length === 0) return { ok: true, command: { action: 'locks' } };
      return rest.length === 1 && NAME.test(rest[0]!)
        ? { ok: true, command: { action: 'locks', app: rest[0]! } }
        : fail(`Usage: \`locks [APP]\`. ${HINT}`);
    case 'reviews':
      if (rest.length === 0) return { ok: true, command: { action: 'reviews' } };
      return rest.length === 1 && NAME.test(rest[0]!)
        ? { ok: true, command: { action: 'reviews', app: rest[0]! } }
        : fail(`Usage: \`reviews [APP]\`. ${HINT}`);
    case 'history':
    case 'health':
    case 'stats':
      return parseAppOptionalEnv(verb, rest);
    case 'freeze':
    case 'unfreeze':
    case 'freezes':
      return parseFreeze(verb, rest);
    case 'unlock':
    case 'rollback':
    case 'cancel':
    case 'destroy':
    case 'lock':
      return parseAppEnv(verb, rest);
    default:
      return parseDeploy(words);
  }
}

function parseAppOnly(verb: 'where', rest: string[]): ParseResult {
  if (rest.length !== 1 || !NAME.test(rest[0]!)) return fail(`Usage: \`${verb} APP\`. ${HINT}`);
  return { ok: true, command: { action: verb, app: rest[0]! } };
}

/** `APP [to|in|on] [ENV]` */
function parseAppOptionalEnv(verb: 'history' | 'health' | 'stats', rest: string[]): ParseResult {
  const words = rest.filter((w, i) => !(i === 1 && PREPOSITIONS.has(w.toLowerCase()) && rest.length === 3));
  const [app, env] = words;
  if (words.length < 1 || words.length > 2 || !NAME.test(app!) || (env !== undefined && !NAME.test(env))) {
    return fail(`Usage: \`${verb} APP [ENV]\`. ${HINT}`);
  }
  return { ok: true, command: env ? { action: verb, app: app!, environment: env } : { action: verb, app: app! } };
}

/** `APP [to|in|on] ENV` (+ `[for DURATION] [reason…]` for lock; `APP[/BRANCH]` for destroy). */
function parseAppEnv(verb: 'lock' | 'unlock' | 'rollback' | 'cancel' | 'destroy', rest: string[]): ParseResult {
  const usage =
    verb === 'lock'
      ? 'lock APP ENV [for DURATION] [reason]'
      : verb === 'destroy'
        ? 'destroy APP[/BRANCH] ENV'
        : `${verb} APP ENV`;
  const words = rest.length >= 3 && PREPOSITIONS.has(rest[1]!.toLowerCase()) ? [rest[0]!, ...rest.slice(2)] : rest;
  const [target, env, ...tail] = words;
  if (target === undefined || env === undefined || !NAME.test(env)) return fail(`Usage: \`${usage}\`. ${HINT}`);
  if (verb === 'lock') {
    if (!NAME.test(target)) return fail(`Usage: \`${usage}\`. ${HINT}`);
    const timed = parseLockDuration(tail);
    if (!timed.ok) return fail(`${timed.error} ${HINT}`);
    const { reason, duration_ms } = timed;
    if (reason.length > 500) return fail(`The reason is too long (at most 500 characters).`);
    const command = { action: 'lock' as const, app: target, environment: env, reason };
    return { ok: true, command: duration_ms ? { ...command, duration_ms } : command };
  }
  if (tail.length > 0) return fail(`Usage: \`${usage}\`. ${HINT}`);
  if (verb === 'destroy') {
    const split = splitAppRef(target);
    if (!split.ok) return split;
    return {
      ok: true,
      command: { action: 'destroy', app: split.app, environment: env, ...(split.ref ? { ref: split.ref } : {}) },
    };
  }
  if (!NAME.test(target)) return fail(`Usage: \`${usage}\`. ${HINT}`);
  return { ok: true, command: { action: verb, app: target, environment: env } };
}

function splitAppRef(word: string): { ok: true; app: string; ref?: string } | { ok: false; error: string } {
  const slash = word.indexOf('/');
  const app = slash < 0 ? word : word.slice(0, slash);
  if (!NAME.test(app)) return { ok: false, error: `"${escapeMrkdwn(app)}" is not an app name. ${HINT}` };
  if (slash < 0) return { ok: true, app };
  const ref = word.slice(slash + 1);
  if (!safeRefSchema.safeParse(ref).success) {
    return { ok: false, error: `"${escapeMrkdwn(ref.slice(0, 100))}" is not a valid branch, tag or sha.` };
  }
  return { ok: true, app, ref };
}

/** `APP[/REF] [to|in|on ENV] [options…]` */
function parseDeploy(words: string[]): ParseResult {
  if (words.length === 0) return fail(`Which app? Usage: \`APP[/REF] [to ENV]\`. ${HINT}`);
  const split = splitAppRef(words[0]!);
  if (!split.ok) return split;
  let rest = words.slice(1);
  let environment: string | undefined;
  if (rest.length > 0 && PREPOSITIONS.has(rest[0]!.toLowerCase())) {
    const env = rest[1];
    if (env === undefined || !NAME.test(env))
      return fail(`"${escapeMrkdwn((env ?? '').slice(0, 100))}" is not an environment name. ${HINT}`);
    environment = env;
    rest = rest.slice(2);
  }
  const options = parseDeployOptions(rest);
  if (!options.ok) return fail(`${options.error} ${HINT}`);
  const command: ParsedCommand = { action: 'deploy', app: split.app, ...options.value };
  if (split.ref) command.ref = split.ref;
  if (environment) command.environment = environment;
  return { ok: true, command };
}
