import type { Json } from './json.js';
import { elementState, type ViewInputs } from './slack-view-state.js';
import type { FakeView, SlackViews } from './slack-views.js';

type Who = { id: string; name?: string };
type Context = { views: SlackViews; responseUrl(id: string): string; userName(id: string): string };

const TEAM = { id: 'T0FAKE', domain: 'fake' };
const COMMON = {
  token: 'legacy-verification-token',
  api_app_id: 'A0FAKE',
  is_enterprise_install: false,
  enterprise: null,
};

/**
 * The interaction payloads Slack posts to the app's Request URL (`payload=<json>`, see
 * `interactionBody`), built from what the fake Slack shows the person: each carries a fresh
 * trigger_id (its 3 seconds start when it is built) and, in a modal, the view as Slack has it
 * (id, hash, private_metadata, callback_id, state.values).
 */
export class FakeInteractions {
  private seq = 0;

  constructor(private readonly ctx: Context) {}

  private user(id: string): Json {
    const name = this.ctx.userName(id);
    return { id, username: name, name, team_id: TEAM.id };
  }

  private actionTs(): string {
    this.seq += 1;
    return `${(Date.now() / 1000).toFixed(0)}.${String(this.seq).padStart(6, '0')}`;
  }

  /** A global shortcut (`callback_id` as in the app's manifest). */
  shortcut(user: string, callbackId: string): Json {
    return {
      type: 'shortcut',
      ...COMMON,
      action_ts: this.actionTs(),
      team: TEAM,
      user: this.user(user),
      callback_id: callbackId,
      trigger_id: this.ctx.views.issueTrigger(user),
    };
  }

  /** A message shortcut on `message` in `channel`, with a response_url for that channel. */
  messageAction(user: string, callbackId: string, channel: Who, message: { ts: string; text: string; user?: string }) {
    const ts = this.actionTs();
    return {
      type: 'message_action',
      ...COMMON,
      action_ts: ts,
      team: TEAM,
      user: this.user(user),
      channel: { id: channel.id, name: channel.name ?? channel.id.toLowerCase() },
      callback_id: callbackId,
      trigger_id: this.ctx.views.issueTrigger(user),
      response_url: this.ctx.responseUrl(`message-action-${ts}`),
      message_ts: message.ts,
      message: { type: 'message', ts: message.ts, text: message.text, user: message.user ?? 'U0SOMEONE' },
    };
  }

  private find(view: FakeView, actionId: string, blockId?: string): { block: Json; element: Json } {
    for (const block of view.blocks) {
      if (blockId && block.block_id !== blockId) continue;
      const candidates = [block.element, block.accessory, ...(block.type === 'actions' ? block.elements : [])];
      const element = candidates.find((e: Json | undefined) => e?.action_id === actionId);
      if (element) return { block, element };
    }
    throw new Error(`view ${view.id} has no element with action_id ${actionId}`);
  }

  /**
   * `block_actions` in a view: the person presses a button or changes a menu (`value`: the option's
   * value, a button's own value is sent as is) in their top modal, or in their Home tab with `home: true`.
   * The view's state is updated first, as Slack does.
   */
  viewAction(
    user: string,
    actionId: string,
    options: { value?: ViewInputs[string]; blockId?: string; home?: boolean } = {},
  ) {
    const views = this.ctx.views;
    const view = options.home ? views.of(user).home : views.top(user);
    if (!view) throw new Error(`${user} has no Home tab published`);
    const { block, element } = this.find(view, actionId, options.blockId);
    let action: Json;
    if (element.type === 'button') {
      action = {
        type: 'button',
        action_id: actionId,
        block_id: block.block_id,
        text: element.text,
        value: element.value,
      };
    } else {
      const state = elementState(element, options.value ?? null, `${block.block_id}/${actionId}`);
      view.state.values[block.block_id] = { ...(view.state.values[block.block_id] ?? {}), [actionId]: state };
      action = { ...state, action_id: actionId, block_id: block.block_id };
    }
    return {
      type: 'block_actions',
      ...COMMON,
      team: TEAM,
      user: this.user(user),
      container: { type: 'view', view_id: view.id },
      trigger_id: views.issueTrigger(user),
      view,
      actions: [{ ...action, action_ts: this.actionTs() }],
    };
  }

  /** `view_submission` of the person's top modal, after they filled in `inputs` (by block_id). */
  submission(user: string, inputs: ViewInputs = {}): Json {
    const view = this.ctx.views.fill(user, inputs);
    return {
      type: 'view_submission',
      ...COMMON,
      team: TEAM,
      user: this.user(user),
      trigger_id: this.ctx.views.issueTrigger(user),
      view,
      response_urls: [],
    };
  }

  /** The person closes their top modal (it leaves their stack): `view_closed` (sent for notify_on_close views). */
  closed(user: string): Json {
    const view = this.ctx.views.close(user);
    return { type: 'view_closed', ...COMMON, team: TEAM, user: this.user(user), view, is_cleared: false };
  }

  /** `block_suggestion` (to the options load URL): the person typed `value` in an external select of the top modal. */
  suggestion(user: string, actionId: string, value: string, blockId?: string): Json {
    const view = this.ctx.views.top(user);
    const { block, element } = this.find(view, actionId, blockId);
    if (!String(element.type).endsWith('external_select'))
      throw new Error(`${actionId} is a ${element.type}, not an external select`);
    return {
      type: 'block_suggestion',
      ...COMMON,
      team: TEAM,
      user: this.user(user),
      container: { type: 'view', view_id: view.id },
      action_id: actionId,
      block_id: block.block_id,
      value,
      view,
    };
  }
}

/** An interaction's form body, as Slack posts it: `payload=<json>`. */
export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
