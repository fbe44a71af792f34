import type { Json } from './json.js';

/**
 * The shared checks of the fake Slack's Block Kit and view rules, worded as Slack words its refusals:
 * `must be less than 3001 characters [json-pointer:/blocks/0/text/text]`, `no more than 100 items
 * allowed [json-pointer:/view/blocks/0/element/options]`.
 */
export type Check = { errors: string[] };

const len = (s: string) => [...s].length;

export const tooLong = (c: Check, value: unknown, max: number, at: string): void => {
  if (typeof value === 'string' && len(value) > max)
    c.errors.push(`must be less than ${max + 1} characters [json-pointer:${at}]`);
};

export const tooMany = (c: Check, value: unknown, max: number, at: string): void => {
  if (Array.isArray(value) && value.length > max)
    c.errors.push(`no more than ${max} items allowed [json-pointer:${at}]`);
};

/** A text object: `{ type: 'plain_text' | 'mrkdwn', text }`, `plain` when only plain_text is allowed. */
export function textObject(c: Check, t: unknown, at: string, max: number, plain = false): void {
  const o = t as Json | undefined;
  const types = plain ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (!o || typeof o !== 'object' || !types.includes(o.type) || typeof o.text !== 'string') {
    c.errors.push(`failed to match all allowed schemas [json-pointer:${at}]`);
    return;
  }
  if (o.text.length === 0) c.errors.push(`must be more than 0 characters [json-pointer:${at}/text]`);
  tooLong(c, o.text, max, `${at}/text`);
}

/**
 * Select menus and the other elements with options, from Slack's Block Kit reference: a select's
 * `options` and `option_groups` at most 100 (one of them required of a static select), a group's
 * label at most 75; checkboxes and radio buttons at most 10 options, an overflow 2 to 5; an
 * option's `text` at most 75 (plain_text in menus), `value` at most 150, `description` at most 75;
 * a placeholder (plain_text) at most 150; `min_query_length` of an external select not negative.
 */
export const OPTION_LIMITS = {
  options: 100,
  optionGroups: 100,
  groupLabel: 75,
  choiceOptions: 10,
  overflowOptions: 5,
  text: 75,
  value: 150,
  description: 75,
  placeholder: 150,
} as const;

const KINDS = ['static', 'external', 'users', 'conversations', 'channels'];
/** Every select menu type: `static_select`, `multi_static_select`, `external_select`, … */
export const SELECT_TYPES: ReadonlySet<string> = new Set(KINDS.flatMap((k) => [`${k}_select`, `multi_${k}_select`]));
const WITH_OPTIONS = new Set(['static_select', 'multi_static_select', 'checkboxes', 'radio_buttons', 'overflow']);

/** Whether an element is a menu of options (a select, checkboxes, radio buttons, an overflow). */
export function isMenu(type: unknown): boolean {
  return typeof type === 'string' && (SELECT_TYPES.has(type) || WITH_OPTIONS.has(type));
}

function option(c: Check, o: unknown, at: string, plain: boolean): void {
  const opt = o as Json | undefined;
  if (!opt || typeof opt !== 'object') {
    c.errors.push(`failed to match all allowed schemas [json-pointer:${at}]`);
    return;
  }
  textObject(c, opt.text, `${at}/text`, OPTION_LIMITS.text, plain);
  tooLong(c, opt.value, OPTION_LIMITS.value, `${at}/value`);
  if (opt.description !== undefined)
    textObject(c, opt.description, `${at}/description`, OPTION_LIMITS.description, plain);
}

function options(c: Check, list: unknown, at: string, max: number, plain: boolean): void {
  if (!Array.isArray(list)) return;
  tooMany(c, list, max, at);
  for (const [i, o] of list.entries()) option(c, o, `${at}/${i}`, plain);
}

/** A select menu, checkboxes, radio buttons or an overflow menu (its action_id is checked by the caller). */
export function selectElement(c: Check, e: Json, at: string): void {
  const plain = e.type !== 'checkboxes' && e.type !== 'radio_buttons';
  if (e.placeholder !== undefined) textObject(c, e.placeholder, `${at}/placeholder`, OPTION_LIMITS.placeholder, true);
  if (WITH_OPTIONS.has(e.type)) {
    const max =
      e.type === 'overflow'
        ? OPTION_LIMITS.overflowOptions
        : e.type === 'checkboxes' || e.type === 'radio_buttons'
          ? OPTION_LIMITS.choiceOptions
          : OPTION_LIMITS.options;
    const grouped = e.type.endsWith('static_select') && e.option_groups !== undefined;
    if (!grouped && !Array.isArray(e.options)) c.errors.push(`must provide options [json-pointer:${at}/options]`);
    options(c, e.options, `${at}/options`, max, plain);
    if (grouped) {
      tooMany(c, e.option_groups, OPTION_LIMITS.optionGroups, `${at}/option_groups`);
      for (const [i, g] of (Array.isArray(e.option_groups) ? e.option_groups : []).entries()) {
        textObject(c, g?.label, `${at}/option_groups/${i}/label`, OPTION_LIMITS.groupLabel, true);
        options(c, g?.options, `${at}/option_groups/${i}/options`, OPTION_LIMITS.options, true);
      }
    }
  }
  if (e.initial_option !== undefined) option(c, e.initial_option, `${at}/initial_option`, plain);
  if (Array.isArray(e.initial_options))
    for (const [i, o] of e.initial_options.entries()) option(c, o, `${at}/initial_options/${i}`, plain);
  if (e.min_query_length !== undefined && !(Number.isInteger(e.min_query_length) && e.min_query_length >= 0))
    c.errors.push(`must be greater than or equal to 0 [json-pointer:${at}/min_query_length]`);
}
