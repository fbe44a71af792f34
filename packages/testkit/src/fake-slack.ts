import { FakeServer, type RecordedRequest, type Reply } from './fake-server.js';
import type { Json } from './json.js';
import { messageRefusal } from './slack-message-rules.js';
import { FakeInteractions } from './slack-interactions.js';
import { SlackViews, type UserViews } from './slack-views.js';

export type SlackCall = { method: string; args: Json; at: number };
export type SlackMessage = {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  metadata?: unknown;
  updates: number;
  history: Json[];
};
export type SlackResponse = { id: string; body: Json; at: number };
export type FakeSlackUser = { id: string; name: string; real_name?: string; display_name?: string; is_bot?: boolean };
export type FakeSlackOptions = { token?: string; now?: () => number };

/** "You can use a response_url five times within 30 minutes" (Slack's interactivity docs). */
export const RESPONSE_URL_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;

/**
 * A local Slack Web API (`POST /api/<method>`, form or JSON bodies as @slack/web-api sends them)
 * and `response_url` endpoint (`POST /response/<id>`). It records every call and keeps each
 * channel's messages as a person would see them. Scripted failures: `failMethod`.
 *
 * It refuses what Slack refuses (see slack-message-rules.ts, slack-block-kit.ts): blocks past Block
 * Kit's limits (`invalid_blocks`), text past 40,000 characters (`msg_too_long`), blocks without a
 * fallback text (`no_text`); a response_url past its 5 posts (404 `used_url`) or its 30 minutes
 * (404 `expired_url`). `chat.update` without `blocks` keeps the message's blocks, as Slack does.
 *
 * Views (slack-views.ts): `views.open`/`views.push` take a trigger_id from `issueTrigger` (3 s, once),
 * `views.update`, `views.publish`; each view checked against Slack's limits; `viewsOf(user)` is what
 * the person sees. `interactions` builds the payloads Slack would post (shortcuts, view submissions…).
 */
export class FakeSlack extends FakeServer {
  readonly calls: SlackCall[] = [];
  readonly messages: SlackMessage[] = [];
  readonly responses: SlackResponse[] = [];
  readonly users = new Map<string, FakeSlackUser>();
  readonly usergroups = new Map<string, string[]>();
  /** Modals and Home tabs, and the trigger_ids that open them. */
  readonly views: SlackViews;
  /** The interaction payloads Slack would post to the app, from what the person sees. */
  readonly interactions: FakeInteractions;
  private seq = 0;
  /** When each response_url was handed out (the 30 minutes run from there), or first used. */
  private readonly issued = new Map<string, number>();

  constructor(public options: FakeSlackOptions = {}) {
    super();
    this.views = new SlackViews(() => this.now());
    this.interactions = new FakeInteractions({
      views: this.views,
      responseUrl: (id) => this.responseUrl(id),
      userName: (id) => this.users.get(id)?.name ?? id.toLowerCase(),
    });
    this.route('POST', '/api/:method', (req, p) => this.api(p.method!, req));
    this.route('POST', '/response/:id*', (req, p) => this.respond(req, p.id!));
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** A response_url post: JSON, at most 5 per URL, within 30 minutes of the interaction. */
  private respond(req: RecordedRequest, id: string): Reply {
    const issuedAt = this.issued.get(id) ?? this.now();
    this.issued.set(id, issuedAt);
    const refuse = (status: number, body: Json) => this.refuse(req, { status, body });
    if (this.now() - issuedAt >= RESPONSE_URL_LIFETIME_MS) return refuse(404, { ok: false, error: 'expired_url' });
    if (this.responsesTo(id).length >= RESPONSE_URL_USES) return refuse(404, { ok: false, error: 'used_url' });
    if (!req.body || typeof req.body !== 'object') return refuse(400, { ok: false, error: 'invalid_payload' });
    const body = req.body as Json;
    const refused = body.delete_original ? null : messageRefusal(body);
    if (refused) return refuse(400, refused);
    this.responses.push({ id, body, at: this.now() });
    return { status: 200, body: 'ok', headers: { 'content-type': 'text/plain' } };
  }

  /** The base URL to give as SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url for a slash command or button press; its 30 minutes start now. */
  responseUrl(id: string): string {
    if (!this.issued.has(id)) this.issued.set(id, this.now());
    return `${this.url}/response/${id}`;
  }

  /** A trigger_id for `user`, as an interaction payload carries it: valid for 3 seconds from now, once. */
  issueTrigger(user = 'U0ALICE'): string {
    return this.views.issueTrigger(user);
  }

  /** What `user` sees of the app: the open modals (bottom first) and the Home tab last published. */
  viewsOf(user: string): UserViews {
    return this.views.of(user);
  }

  addUser(user: FakeSlackUser): void {
    this.users.set(user.id, user);
  }

  /**
   * Makes the next `times` calls of `method` fail: `{ status: 429, retryAfter }`, `{ status: 500 }`
   * or `{ error: 'channel_not_found' }`.
   */
  failMethod(
    method: string,
    failure: { status: 429; retryAfter: number } | { status: number } | { error: string },
    times = 1,
  ): void {
    let reply: Reply;
    if ('error' in failure) reply = { status: 200, body: { ok: false, error: failure.error } };
    else if (failure.status === 429)
      reply = {
        status: 429,
        body: { ok: false, error: 'ratelimited' },
        headers: { 'retry-after': String((failure as { retryAfter: number }).retryAfter) },
      };
    else reply = { status: failure.status, body: 'upstream error', headers: { 'content-type': 'text/plain' } };
    this.failNext('POST', new RegExp(`^/api/${method.replace('.', '\\.')}$`), reply, times);
  }

  callsOf(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  messagesIn(channel: string): SlackMessage[] {
    return this.messages.filter((m) => m.channel === channel);
  }

  responsesTo(id: string): SlackResponse[] {
    return this.responses.filter((r) => r.id === id);
  }

  private api(method: string, req: RecordedRequest): Reply {
    const args = decodeArgs(req.body);
    this.calls.push({ method, args, at: Date.now() });
    if (this.options.token) {
      const auth = String(req.headers.authorization ?? '');
      const token = auth.startsWith('Bearer ') ? auth.slice(7) : args.token;
      if (token !== this.options.token) return this.refuse(req, ok({ ok: false, error: 'invalid_auth' }));
    }
    const viewed = this.views.handle(method, args);
    if (viewed) return viewed.refusal ? this.refuse(req, ok(viewed.body)) : ok(viewed.body);
    switch (method) {
      case 'auth.test':
        return ok({
          ok: true,
          url: 'https://fake.slack.com/',
          team: 'Fake',
          user: 'chatops',
          team_id: 'T0FAKE',
          user_id: 'U0BOT',
          bot_id: 'B0BOT',
        });
      case 'chat.postMessage': {
        if (!args.channel) return this.refuse(req, ok({ ok: false, error: 'channel_not_found' }));
        const refused = messageRefusal(args);
        if (refused) return this.refuse(req, ok(refused));
        const ts = this.nextTs();
        const message: SlackMessage = {
          channel: args.channel,
          ts,
          text: args.text ?? '',
          blocks: args.blocks,
          thread_ts: args.thread_ts,
          metadata: args.metadata,
          updates: 0,
          history: [args],
        };
        this.messages.push(message);
        return ok({
          ok: true,
          channel: args.channel,
          ts,
          message: { type: 'message', ts, text: message.text, blocks: message.blocks },
        });
      }
      case 'chat.update': {
        const message = this.messages.find((m) => m.channel === args.channel && m.ts === args.ts);
        if (!message) return ok({ ok: false, error: 'message_not_found' }); // an answer, not a refusal
        const refused = messageRefusal(args, message.text);
        if (refused) return this.refuse(req, ok(refused));
        message.text = args.text ?? message.text;
        // "If you don't include this field, the message's previous blocks will be retained" (chat.update docs).
        if (args.blocks !== undefined) message.blocks = args.blocks;
        message.updates += 1;
        message.history.push(args);
        return ok({ ok: true, channel: args.channel, ts: args.ts, text: message.text });
      }
      case 'chat.delete': {
        const i = this.messages.findIndex((m) => m.channel === args.channel && m.ts === args.ts);
        if (i < 0) return ok({ ok: false, error: 'message_not_found' });
        this.messages.splice(i, 1);
        return ok({ ok: true, channel: args.channel, ts: args.ts });
      }
      case 'chat.postEphemeral': {
        if (!args.channel) return this.refuse(req, ok({ ok: false, error: 'channel_not_found' }));
        if (!args.user) {
          const missing = { ok: false, error: 'invalid_arguments' };
          return this.refuse(
            req,
            ok({ ...missing, response_metadata: { messages: ['[ERROR] missing required field: user'] } }),
          );
        }
        const refused = messageRefusal(args);
        if (refused) return this.refuse(req, ok(refused));
        return ok({ ok: true, message_ts: this.nextTs() });
      }
      case 'users.info': {
        const user = this.users.get(args.user);
        if (!user) return ok({ ok: false, error: 'user_not_found' });
        return ok({
          ok: true,
          user: {
            id: user.id,
            name: user.name,
            real_name: user.real_name ?? user.name,
            is_bot: user.is_bot ?? false,
            deleted: false,
            profile: { display_name: user.display_name ?? user.name, real_name: user.real_name ?? user.name },
          },
        });
      }
      case 'usergroups.users.list': {
        const members = this.usergroups.get(args.usergroup);
        if (!members) return ok({ ok: false, error: 'no_such_subteam' });
        return ok({ ok: true, users: members });
      }
      case 'conversations.history':
        return this.history(args);
      case 'conversations.info':
        return ok({ ok: true, channel: { id: args.channel, name: args.channel.toLowerCase() } });
      default:
        return ok({ ok: false, error: 'unknown_method' });
    }
  }

  /** Slack's ts: the post's Unix time in seconds, made unique by a sequence in the micro part. */
  private nextTs(): string {
    this.seq += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.seq).padStart(6, '0')}`;
  }

  /**
   * `conversations.history`: newest first, `oldest`/`latest` bounds (exclusive), `limit`, cursor
   * paging; metadata only with `include_all_metadata`.
   */
  private history(args: Json): Reply {
    if (!args.channel) return ok({ ok: false, error: 'channel_not_found' });
    const after = Number(args.oldest ?? 0);
    const before = args.latest !== undefined ? Number(args.latest) : Infinity;
    const all = this.messages
      .filter((m) => m.channel === args.channel && !m.thread_ts && Number(m.ts) > after && Number(m.ts) < before)
      .sort((a, b) => Number(b.ts) - Number(a.ts) || b.ts.localeCompare(a.ts));
    const limit = Math.min(Math.max(Number(args.limit ?? 100) || 100, 1), 999);
    const start = args.cursor ? Number(Buffer.from(String(args.cursor), 'base64').toString().replace('next:', '')) : 0;
    const page = all.slice(start, start + limit);
    const more = start + limit < all.length;
    return ok({
      ok: true,
      messages: page.map((m) => ({
        type: 'message',
        ts: m.ts,
        text: m.text,
        blocks: m.blocks,
        ...(args.include_all_metadata && m.metadata ? { metadata: m.metadata } : {}),
      })),
      has_more: more,
      response_metadata: { next_cursor: more ? Buffer.from(`next:${start + limit}`).toString('base64') : '' },
    });
  }
}

function ok(body: Json): Reply {
  return { status: 200, body };
}

/** @slack/web-api sends form fields, with nested values (blocks, metadata) as JSON strings. */
function decodeArgs(body: unknown): Json {
  if (!body || typeof body !== 'object') return {};
  const out: Json = {};
  for (const [k, v] of Object.entries(body as Json)) {
    if (typeof v === 'string' && (v.startsWith('[') || v.startsWith('{'))) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        /* plain string */
      }
    }
    out[k] = v === 'true' ? true : v === 'false' ? false : v;
  }
  return out;
}
