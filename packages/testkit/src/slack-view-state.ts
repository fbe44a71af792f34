import type { Json } from './json.js';

/**
 * What a person typed or chose, by block_id (an input block) or action_id (an element of an actions
 * block or an accessory): a string for a text input, a date or a single choice (the option's
 * `value`; for an external select, the value shown as its text too, or `{ text, value }`), an array
 * for a multi-select or checkboxes, null to clear.
 */
export type ViewInputs = Record<string, string | string[] | { text: string; value: string } | null>;

const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });

/** The options of a static menu, its groups' included. */
function optionsOf(e: Json): Json[] {
  return [...(e.options ?? []), ...(e.option_groups ?? []).flatMap((g: Json) => g.options ?? [])];
}

function chosen(e: Json, value: unknown, where: string): Json {
  if (value && typeof value === 'object') {
    const v = value as { text: string; value: string };
    return { text: plain(v.text), value: v.value };
  }
  if (e.type.includes('external')) return { text: plain(String(value)), value: String(value) };
  const found = optionsOf(e).find((o) => o.value === value);
  if (!found) throw new Error(`${where} offers no option with value ${JSON.stringify(value)}`);
  return found;
}

/** One element's state as Slack sends it in `view.state.values[block_id][action_id]`. */
export function elementState(e: Json, value: unknown, where: string): Json {
  const type = e.type as string;
  const many = type.startsWith('multi_') || type === 'checkboxes';
  if (type.endsWith('_select') || type === 'radio_buttons' || type === 'checkboxes') {
    if (type.endsWith('users_select') || type.endsWith('conversations_select') || type.endsWith('channels_select')) {
      const key = type
        .replace(/^multi_/, '')
        .replace('_select', '')
        .replace(/s$/, '');
      return many ? { type, [`selected_${key}s`]: value ?? [] } : { type, [`selected_${key}`]: value ?? null };
    }
    if (many) return { type, selected_options: ((value as unknown[]) ?? []).map((v) => chosen(e, v, where)) };
    return { type, selected_option: value == null ? null : chosen(e, value, where) };
  }
  if (type === 'datepicker') return { type, selected_date: value ?? null };
  if (type === 'timepicker') return { type, selected_time: value ?? null };
  return { type, value: value ?? null };
}

/** The stateful elements of a view: [block_id, action_id, element, whether it is an input block's]. */
function elements(view: Json): Array<[string, string, Json, boolean]> {
  const out: Array<[string, string, Json, boolean]> = [];
  for (const b of view.blocks as Json[]) {
    if (b.type === 'input' && b.element) out.push([b.block_id, b.element.action_id ?? 'input', b.element, true]);
    for (const e of (b.type === 'actions' ? b.elements : b.accessory ? [b.accessory] : []) as Json[]) {
      if (e.type !== 'button' && e.action_id) out.push([b.block_id, e.action_id, e, false]);
    }
  }
  return out;
}

/**
 * `view.state.values` after the person's `inputs` (by block_id for an input block, by action_id for
 * another element), keeping what `previous` had for block and action ids still there (as Slack keeps
 * input across views.update); an element never touched starts from its initial value, or null.
 */
export function viewStateValues(view: Json, inputs: ViewInputs, previous: Json = {}): Json {
  const values: Json = {};
  for (const [blockId, actionId, e, input] of elements(view)) {
    const key = input ? blockId : actionId;
    let state: Json;
    if (key in inputs) state = elementState(e, inputs[key], `${blockId}/${actionId}`);
    else if (previous[blockId]?.[actionId]?.type === e.type) state = previous[blockId][actionId];
    else state = initialState(e);
    values[blockId] = { ...(values[blockId] ?? {}), [actionId]: state };
  }
  return values;
}

function initialState(e: Json): Json {
  if (e.initial_option) return { type: e.type, selected_option: e.initial_option };
  if (e.initial_options) return { type: e.type, selected_options: e.initial_options };
  if (e.initial_value !== undefined) return { type: e.type, value: e.initial_value };
  return elementState(e, null, '');
}
