import { randomBytes } from 'node:crypto';
import type { Json } from './json.js';
import { invalidArguments, type ViewSurface, viewRefusal } from './slack-view-rules.js';
import { viewStateValues, type ViewInputs } from './slack-view-state.js';

/** "trigger_id … expires in 3 seconds" and can be exchanged once (Slack's modals docs, views.open errors). */
export const TRIGGER_LIFETIME_MS = 3000;
/** views.push: "Currently the limit is 3" (`push_limit_reached`). */
export const VIEW_STACK_LIMIT = 3;

/** A view as Slack keeps and returns it: what the app sent plus its id, hash, state and stack links. */
export type FakeView = Json & {
  id: string;
  type: ViewSurface;
  hash: string;
  blocks: Json[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: Json };
  root_view_id: string;
  previous_view_id: string | null;
};

/** What a person sees of the app: the modal stack (bottom first) and the Home tab as last published. */
export type UserViews = { modals: FakeView[]; home: FakeView | null };

/** What Slack did with an app's answer to a view_submission (`applyResponse`). */
export type ViewOutcome =
  | { kind: 'closed' | 'cleared' | 'updated' | 'pushed'; views: UserViews }
  | { kind: 'errors'; errors: Record<string, string>; views: UserViews }
  | { kind: 'refused'; reason: string; views: UserViews };

type Trigger = { user: string; issuedAt: number; used: boolean };
type Reply = { refusal: boolean; body: Json };
const answer = (body: Json): Reply => ({ refusal: false, body });
/** Answers that can come of a race or a slow person, not of a wrong call: not recorded as refusals. */
const ANSWERS = new Set(['expired_trigger_id', 'not_found', 'hash_conflict']);
const refuse = (body: Json): Reply => ({ refusal: !ANSWERS.has(body.error), body });

/**
 * The fake Slack's views: `views.open` (a trigger_id valid for 3 s and once), `views.push` (at most 3
 * modals), `views.update` (view_id or external_id, `hash` → `hash_conflict`), `views.publish` (a
 * user's Home tab), each view checked against Slack's limits (slack-view-rules.ts); what each person
 * sees (`of`), and how Slack acts on an app's answer to a submission (`applyResponse`).
 */
export class SlackViews {
  private readonly triggers = new Map<string, Trigger>();
  private readonly byId = new Map<string, FakeView>();
  private readonly users = new Map<string, UserViews>();
  /** The errors of the last `response_action: errors` per view id, as the person sees them next to the fields. */
  readonly shownErrors = new Map<string, Record<string, string>>();
  private seq = 0;

  constructor(private readonly now: () => number) {}

  /** A trigger_id for `user`, as Slack puts in an interaction payload: its 3 seconds start now. */
  issueTrigger(user = 'U0ALICE'): string {
    this.seq += 1;
    const id = `${Math.floor(this.now() / 1000)}.${this.seq}.${randomBytes(8).toString('hex')}`;
    this.triggers.set(id, { user, issuedAt: this.now(), used: false });
    return id;
  }

  of(user: string): UserViews {
    let views = this.users.get(user);
    if (!views) {
      views = { modals: [], home: null };
      this.users.set(user, views);
    }
    return views;
  }

  view(id: string): FakeView | undefined {
    return this.byId.get(id);
  }

  /** The user whose modal stack or Home tab holds the view. */
  ownerOf(viewId: string): string | undefined {
    for (const [user, v] of this.users) {
      if (v.home?.id === viewId || v.modals.some((m) => m.id === viewId)) return user;
    }
    return undefined;
  }

  handle(method: string, args: Json): Reply | null {
    switch (method) {
      case 'views.open':
        return this.open(args, false);
      case 'views.push':
        return this.open(args, true);
      case 'views.update':
        return this.update(args);
      case 'views.publish':
        return this.publish(args);
      default:
        return null;
    }
  }

  /** Exchanges a trigger: unknown `invalid_trigger_id`, used `exchanged_trigger_id`, past 3 s `expired_trigger_id`. */
  private trigger(id: unknown): { error: string } | Trigger {
    const t = typeof id === 'string' ? this.triggers.get(id) : undefined;
    if (!t) return { error: 'invalid_trigger_id' };
    if (t.used) return { error: 'exchanged_trigger_id' };
    if (this.now() - t.issuedAt >= TRIGGER_LIFETIME_MS) return { error: 'expired_trigger_id' };
    return t;
  }

  private open(args: Json, push: boolean): Reply {
    if (!args.trigger_id) return refuse(invalidArguments(['[ERROR] missing required field: trigger_id'])!);
    const t = this.trigger(args.trigger_id);
    if ('error' in t) return refuse({ ok: false, error: t.error });
    const refused = viewRefusal(args.view, 'modal') ?? this.duplicate(args.view);
    if (refused) return refuse(refused);
    const stack = this.of(t.user).modals;
    if (push && stack.length === 0) return refuse({ ok: false, error: 'not_found' });
    if (push && stack.length >= VIEW_STACK_LIMIT) return refuse({ ok: false, error: 'push_limit_reached' });
    t.used = true;
    if (!push) stack.length = 0;
    const view = this.create(args.view, stack[0]?.id ?? null, stack.at(-1)?.id ?? null);
    stack.push(view);
    return answer({ ok: true, view });
  }

  private update(args: Json): Reply {
    if (!args.view_id && !args.external_id)
      return refuse(invalidArguments(['[ERROR] either view_id or external_id is required'])!);
    const current = args.view_id
      ? this.byId.get(String(args.view_id))
      : [...this.byId.values()].find((v) => v.external_id && v.external_id === args.external_id);
    if (!current || !this.ownerOf(current.id)) return refuse({ ok: false, error: 'not_found' });
    if (args.hash !== undefined && args.hash !== current.hash) return refuse({ ok: false, error: 'hash_conflict' });
    const refused = viewRefusal(args.view, current.type) ?? this.duplicate(args.view, current.id);
    if (refused) return refuse(refused);
    return answer({ ok: true, view: this.replace(current, args.view) });
  }

  private publish(args: Json): Reply {
    if (typeof args.user_id !== 'string' || !/^[UW][A-Z0-9]+$/.test(args.user_id))
      return refuse(invalidArguments(['invalid `user_id`'])!);
    const views = this.of(args.user_id);
    if (args.hash !== undefined && views.home && args.hash !== views.home.hash)
      return refuse({ ok: false, error: 'hash_conflict' });
    const refused = viewRefusal(args.view, 'home') ?? this.duplicate(args.view, views.home?.id);
    if (refused) return refuse(refused);
    views.home = views.home ? this.replace(views.home, args.view) : this.create(args.view, null, null);
    return answer({ ok: true, view: views.home });
  }

  /** `duplicate_external_id` when another open view has the same external_id. */
  private duplicate(view: Json, self?: string): Json | null {
    const ext = view?.external_id;
    if (!ext) return null;
    const taken = [...this.byId.values()].some((v) => v.id !== self && v.external_id === ext && this.ownerOf(v.id));
    return taken ? { ok: false, error: 'duplicate_external_id' } : null;
  }

  private hash(): string {
    return `${Math.floor(this.now() / 1000)}.${randomBytes(4).toString('hex')}`;
  }

  private create(sent: Json, root: string | null, previous: string | null): FakeView {
    this.seq += 1;
    const id = `V${String(this.seq).padStart(8, '0')}`;
    const view = this.shape(sent, { id, root_view_id: root ?? id, previous_view_id: previous, state: { values: {} } });
    this.byId.set(id, view);
    return view;
  }

  /** The new content in place of the old: same id and stack links, a new hash, input kept where ids stay. */
  private replace(current: FakeView, sent: Json): FakeView {
    const next = this.shape(sent, {
      id: current.id,
      root_view_id: current.root_view_id,
      previous_view_id: current.previous_view_id,
      state: { values: {} },
    });
    next.state = { values: viewStateValues(next, {}, current.state.values) };
    this.byId.set(next.id, next);
    for (const views of this.users.values()) {
      if (views.home === current) views.home = next;
      views.modals = views.modals.map((m) => (m === current ? next : m));
    }
    this.shownErrors.delete(next.id);
    return next;
  }

  private shape(sent: Json, keep: Pick<FakeView, 'id' | 'root_view_id' | 'previous_view_id' | 'state'>): FakeView {
    const blocks = (sent.blocks as Json[]).map((b, i) => ({ ...b, block_id: b.block_id ?? `b${i}` }));
    return {
      team_id: 'T0FAKE',
      app_id: 'A0FAKE',
      bot_id: 'B0BOT',
      close: null,
      submit: null,
      clear_on_close: false,
      notify_on_close: false,
      ...sent,
      ...keep,
      type: sent.type,
      blocks,
      private_metadata: sent.private_metadata ?? '',
      callback_id: sent.callback_id ?? '',
      external_id: sent.external_id ?? '',
      hash: this.hash(),
    } as FakeView;
  }

  /** Sets what the person typed or chose in the top modal (`inputs` by block_id; see viewStateValues). */
  fill(user: string, inputs: ViewInputs): FakeView {
    const view = this.top(user);
    view.state = { values: viewStateValues(view, inputs, view.state.values) };
    return view;
  }

  /** The top modal of the person's stack (what they see); throws when none is open. */
  top(user: string): FakeView {
    const view = this.of(user).modals.at(-1);
    if (!view) throw new Error(`no modal is open for ${user}`);
    return view;
  }

  /** The person closes the top modal (Close, Esc): it leaves the stack. */
  close(user: string): FakeView {
    const views = this.of(user);
    const view = this.top(user);
    views.modals.pop();
    return view;
  }

  /**
   * What Slack does with the app's answer to a view_submission of the top modal: an empty answer closes
   * it; `errors` keeps it open with each message next to its input block (refused when a key is not
   * the block_id of an input block of the view); `update` replaces it, `push` adds one (at most 3),
   * `clear` closes them all. A view that breaks the limits is refused, and the modal stays as it was.
   */
  applyResponse(user: string, response: unknown): ViewOutcome {
    const views = this.of(user);
    const top = this.top(user);
    const r = (response && typeof response === 'object' ? response : {}) as Json;
    switch (r.response_action) {
      case undefined:
        views.modals.pop();
        return { kind: 'closed', views };
      case 'clear':
        views.modals.length = 0;
        return { kind: 'cleared', views };
      case 'errors': {
        const inputs = new Set(top.blocks.filter((b) => b.type === 'input').map((b) => b.block_id));
        const errors = (r.errors ?? {}) as Record<string, string>;
        const unknown = Object.keys(errors).find((k) => !inputs.has(k));
        if (unknown || Object.keys(errors).length === 0)
          return { kind: 'refused', reason: `errors for ${unknown ?? 'nothing'}: not an input block_id`, views };
        this.shownErrors.set(top.id, errors);
        return { kind: 'errors', errors, views };
      }
      case 'update':
      case 'push': {
        const refused = viewRefusal(r.view, 'modal');
        if (refused) return { kind: 'refused', reason: JSON.stringify(refused), views };
        if (r.response_action === 'update') {
          this.replace(top, r.view);
          return { kind: 'updated', views };
        }
        if (views.modals.length >= VIEW_STACK_LIMIT) return { kind: 'refused', reason: 'push_limit_reached', views };
        views.modals.push(this.create(r.view, top.root_view_id, top.id));
        return { kind: 'pushed', views };
      }
      default:
        return { kind: 'refused', reason: `unknown response_action ${String(r.response_action)}`, views };
    }
  }
}
