import type { Json } from './json.js';
import { type Check, isMenu, selectElement, SELECT_TYPES, textObject, tooLong, tooMany } from './slack-checks.js';

/**
 * Block Kit's limits for a message, from @slack/types (packages/types/src/block-kit/*.ts, the doc
 * comment of each field) and Slack's Block Kit reference: at most 50 blocks; section text 1–3,000
 * characters, at most 10 fields of at most 2,000; header text (plain_text) at most 150; context at
 * most 10 elements; actions at most 25 elements; button text (plain_text) at most 75, `value` at
 * most 2,000, `url` at most 3,000, `style` primary or danger; confirm title 100, text 300,
 * confirm/deny 30; `action_id` and `block_id` at most 255; markdown block text at most 12,000; an
 * input block's `label` (plain_text, required) and `hint` at most 2,000, its `element` required, a
 * plain_text_input's `placeholder` at most 150 and `max_length` at most 3,000.
 */
export const BLOCK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  id: 255,
  markdownText: 12000,
} as const;

const BLOCK_TYPES = new Set([
  'section',
  'header',
  'context',
  'actions',
  'divider',
  'image',
  'rich_text',
  'markdown',
  'input',
  'file',
  'video',
  'context_actions',
  'table',
]);

/** The elements an input block takes (Block Kit reference, input block: `element`); a button is not one. */
const INPUT_ELEMENTS = new Set([
  'plain_text_input',
  'email_text_input',
  'url_text_input',
  'number_input',
  'rich_text_input',
  'file_input',
  'checkboxes',
  'radio_buttons',
  'datepicker',
  'timepicker',
  'datetimepicker',
  ...SELECT_TYPES,
]);

function element(c: Check, e: Json, at: string): void {
  tooLong(c, e.action_id, BLOCK_LIMITS.id, `${at}/action_id`);
  if (isMenu(e.type)) {
    selectElement(c, e, at);
    return;
  }
  if (e.type !== 'button') return;
  textObject(c, e.text, `${at}/text`, BLOCK_LIMITS.buttonText, true);
  tooLong(c, e.value, BLOCK_LIMITS.buttonValue, `${at}/value`);
  tooLong(c, e.url, BLOCK_LIMITS.url, `${at}/url`);
  if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') {
    c.errors.push(`must be one of primary, danger [json-pointer:${at}/style]`);
  }
  if (e.confirm) {
    textObject(c, e.confirm.title, `${at}/confirm/title`, 100, true);
    textObject(c, e.confirm.text, `${at}/confirm/text`, 300);
    textObject(c, e.confirm.confirm, `${at}/confirm/confirm`, 30, true);
    textObject(c, e.confirm.deny, `${at}/confirm/deny`, 30, true);
  }
}

function block(c: Check, b: Json, at: string): void {
  if (!b || typeof b !== 'object' || !BLOCK_TYPES.has(b.type)) {
    c.errors.push(`unsupported type: ${String(b?.type)} [json-pointer:${at}/type]`);
    return;
  }
  tooLong(c, b.block_id, BLOCK_LIMITS.id, `${at}/block_id`);
  if (b.type === 'section') {
    if (b.text === undefined && b.fields === undefined)
      c.errors.push(`must provide text or fields [json-pointer:${at}]`);
    if (b.text !== undefined) textObject(c, b.text, `${at}/text`, BLOCK_LIMITS.sectionText);
    tooMany(c, b.fields, BLOCK_LIMITS.fields, `${at}/fields`);
    if (Array.isArray(b.fields)) {
      for (const [i, f] of b.fields.entries()) textObject(c, f, `${at}/fields/${i}`, BLOCK_LIMITS.fieldText);
    }
    if (b.accessory) element(c, b.accessory, `${at}/accessory`);
  } else if (b.type === 'header') {
    textObject(c, b.text, `${at}/text`, BLOCK_LIMITS.headerText, true);
  } else if (b.type === 'context') {
    tooMany(c, b.elements, BLOCK_LIMITS.contextElements, `${at}/elements`);
  } else if (b.type === 'actions') {
    tooMany(c, b.elements, BLOCK_LIMITS.actionsElements, `${at}/elements`);
    if (Array.isArray(b.elements)) {
      for (const [i, e] of b.elements.entries()) element(c, e as Json, `${at}/elements/${i}`);
    }
  } else if (b.type === 'input') {
    textObject(c, b.label, `${at}/label`, 2000, true);
    if (b.hint !== undefined) textObject(c, b.hint, `${at}/hint`, 2000, true);
    const e = b.element as Json | undefined;
    if (!e || typeof e !== 'object' || !INPUT_ELEMENTS.has(e.type))
      c.errors.push(`failed to match all allowed schemas [json-pointer:${at}/element]`);
    else {
      tooLong(c, e.action_id, BLOCK_LIMITS.id, `${at}/element/action_id`);
      if (isMenu(e.type)) selectElement(c, e, `${at}/element`);
      else if (e.placeholder !== undefined) textObject(c, e.placeholder, `${at}/element/placeholder`, 150, true);
      if (typeof e.max_length === 'number' && e.max_length > 3000)
        c.errors.push(`must be less than or equal to 3000 [json-pointer:${at}/element/max_length]`);
    }
  } else if (b.type === 'markdown') {
    tooLong(c, b.text, BLOCK_LIMITS.markdownText, `${at}/text`);
  }
}

/**
 * The errors Slack would give `blocks`, in its own form (`must be less than 3001 characters
 * [json-pointer:/blocks/0/text/text]`, `no more than 25 items allowed [json-pointer:/blocks/1/elements]`);
 * empty when they are valid. A message's by default; a view's with `{ maxBlocks: 100, at: '/view/blocks' }`.
 */
export function blockKitErrors(blocks: unknown[], surface: { maxBlocks?: number; at?: string } = {}): string[] {
  const c: Check = { errors: [] };
  const at = surface.at ?? '/blocks';
  tooMany(c, blocks, surface.maxBlocks ?? BLOCK_LIMITS.blocks, at);
  for (const [i, b] of blocks.entries()) block(c, b as Json, `${at}/${i}`);
  return c.errors;
}

/** Slack's answer to blocks that break Block Kit: the errors, and again under response_metadata, `[ERROR]`-prefixed. */
export function invalidBlocks(errors: string[]): Json {
  return {
    ok: false,
    error: 'invalid_blocks',
    errors,
    response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) },
  };
}
