/** A message's text and blocks as they are sent. */
export type SlackMessageBody = { text: string; blocks?: unknown[] };

/** Slack's documented limits of a message (chat.postMessage, chat.update, a response_url post). */
const BLOCK_KIT_LIMITS = {
  text: 40_000,
  blocks: 50,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  id: 255,
} as const;

type Obj = Record<string, unknown>;
const L = BLOCK_KIT_LIMITS;

/**
 * The message cut to fit Slack's limits: a last guard on the way out (the renderers already cut
 * every value they show, so this changes nothing they make). A cut never leaves half a link, entity
 * or character behind, and a message with blocks always has its fallback `text`.
 */
export function fitBlockKit(body: SlackMessageBody): { text: string; blocks?: unknown[] } {
  const text = cut(body.text || (body.blocks?.length ? 'a message from chatops' : ''), L.text);
  if (!body.blocks) return { text };
  return { text, blocks: body.blocks.slice(0, L.blocks).map((b) => fitBlock(b as Obj)) };
}

function fitBlock(block: Obj): Obj {
  const out: Obj = { ...block };
  if (typeof out.block_id === 'string') out.block_id = out.block_id.slice(0, L.id);
  if (block.type === 'section') {
    if (isObj(out.text)) out.text = fitText(out.text, L.sectionText);
    if (Array.isArray(out.fields)) out.fields = out.fields.slice(0, L.fields).map((f) => fitText(f, L.fieldText));
  } else if (block.type === 'header' && isObj(out.text)) {
    out.text = fitText(out.text, L.headerText);
  } else if (block.type === 'context' && Array.isArray(out.elements)) {
    out.elements = out.elements
      .slice(0, L.contextElements)
      .map((e) => (isObj(e) && typeof e.text === 'string' ? fitText(e, L.contextText) : e));
  } else if (block.type === 'actions' && Array.isArray(out.elements)) {
    out.elements = out.elements.slice(0, L.actionElements).map(fitElement);
  }
  return out;
}

function fitElement(element: unknown): unknown {
  if (!isObj(element)) return element;
  const out: Obj = { ...element };
  if (isObj(out.text)) out.text = fitText(out.text, L.buttonText);
  if (typeof out.value === 'string') out.value = out.value.slice(0, L.buttonValue);
  if (typeof out.action_id === 'string') out.action_id = out.action_id.slice(0, L.id);
  return out;
}

function fitText(object: unknown, max: number): unknown {
  if (!isObj(object) || typeof object.text !== 'string') return object;
  return object.text.length <= max ? object : { ...object, text: cut(object.text, max) };
}

/** At most `max` characters, ending with an ellipsis; backs off from an unclosed `<…` or `&…` and a split pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = text.slice(0, max - 1);
  const open = head.lastIndexOf('<');
  if (open >= 0 && head.indexOf('>', open) < 0) head = head.slice(0, open);
  const amp = head.lastIndexOf('&');
  if (amp >= 0 && head.indexOf(';', amp) < 0 && head.length - amp < 8) head = head.slice(0, amp);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return `${head}…`;
}

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
