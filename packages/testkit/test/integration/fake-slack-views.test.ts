import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ExternalApiError } from '@chatops/shared/contracts';
import {
  createLogger,
  createSlackApi,
  isTriggerError,
  openSlackView,
  type SlackView,
  publishSlackView,
  pushSlackView,
  updateSlackView,
} from '@chatops/shared/runtime';
import { FakeSlack } from '../../src/index.js';
import type { Json } from '../../src/json.js';
import { slackFormCall } from '../helpers/slack-form-call.js';

const TOKEN = 'xoxb-views-test-token';
const clock = { ms: Date.parse('2026-11-30T05:00:00Z') };
const slack = new FakeSlack({ token: TOKEN, now: () => clock.ms });
let api: ReturnType<typeof createSlackApi>;

const call = (method: string, args: Record<string, unknown>) => slackFormCall(slack, TOKEN, method, args);

const plain = (text: string) => ({ type: 'plain_text', text });
const section = (t: string) => ({ type: 'section', text: { type: 'mrkdwn', text: t } });
const option = (value: string, text = value) => ({ text: plain(text), value });
const input = (blockId: string, element: Json, label = 'Label') => ({
  type: 'input',
  block_id: blockId,
  label: plain(label),
  element,
});
const modal = (extra: Json = {}): SlackView => ({
  type: 'modal',
  callback_id: 'deploy',
  title: plain('Deploy'),
  submit: plain('Deploy'),
  close: plain('Cancel'),
  blocks: [
    input('app', { type: 'static_select', action_id: 'app', options: [option('api'), option('web')] }),
    input('ref', { type: 'external_select', action_id: 'ref', min_query_length: 0 }),
    input('params', { type: 'plain_text_input', action_id: 'params', multiline: true }),
  ],
  ...extra,
});
const invalid = (...messages: string[]) => ({
  ok: false,
  error: 'invalid_arguments',
  response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) },
});

beforeAll(async () => {
  await slack.start();
  api = createSlackApi({
    token: TOKEN,
    apiUrl: slack.apiUrl,
    logger: createLogger({ name: 'test', level: 'silent' }),
    retries: 0,
  });
});
afterAll(() => slack.stop());

describe('views.open: a trigger_id is good for 3 seconds, once', () => {
  it('opens the modal for the person the trigger was issued to; the client answers its id and hash', async () => {
    const trigger = slack.issueTrigger('U0OPEN');
    const ref = await openSlackView(api, trigger, modal({ private_metadata: '{"channel":"C1"}' }));
    const [shown] = slack.viewsOf('U0OPEN').modals;
    expect(ref).toEqual({ id: shown!.id, hash: shown!.hash, root_view_id: shown!.id });
    expect(shown).toMatchObject({
      type: 'modal',
      callback_id: 'deploy',
      private_metadata: '{"channel":"C1"}',
      title: plain('Deploy'),
      previous_view_id: null,
      state: { values: {} },
    });
    expect(slack.viewsOf('U0OTHER').modals).toEqual([]);
  });

  it('answers exchanged_trigger_id to a second use: a spent trigger to the client, not retried', async () => {
    const trigger = slack.issueTrigger('U0TWICE');
    expect(await call('views.open', { trigger_id: trigger, view: modal() })).toMatchObject({ ok: true });
    expect(await call('views.open', { trigger_id: trigger, view: modal() })).toEqual({
      ok: false,
      error: 'exchanged_trigger_id',
    });
    const error = await openSlackView(api, trigger, modal()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalApiError);
    expect(error).toMatchObject({
      message: 'Slack views.open answered exchanged_trigger_id',
      retryable: false,
      context: expect.objectContaining({ apiCode: 'exchanged_trigger_id' }),
    });
    expect(isTriggerError(error)).toBe(true);
    expect(slack.viewsOf('U0TWICE').modals).toHaveLength(1);
  });

  it('takes a trigger 2,999 ms old and answers expired_trigger_id at 3,000 ms', async () => {
    const start = clock.ms;
    const fresh = slack.issueTrigger('U0LATE');
    const late = slack.issueTrigger('U0LATE');
    clock.ms = start + 2999;
    expect(await call('views.open', { trigger_id: fresh, view: modal() })).toMatchObject({ ok: true });
    clock.ms = start + 3000;
    expect(await call('views.open', { trigger_id: late, view: modal() })).toEqual({
      ok: false,
      error: 'expired_trigger_id',
    });
    const error = await openSlackView(api, late, modal()).catch((e: unknown) => e);
    expect(isTriggerError(error)).toBe(true);
    clock.ms = start;
  });

  it('answers invalid_trigger_id to a trigger it never issued, and a missing one invalid_arguments', async () => {
    expect(await call('views.open', { trigger_id: '12345.98765.abcd2358fdea', view: modal() })).toEqual({
      ok: false,
      error: 'invalid_trigger_id',
    });
    expect(await call('views.open', { view: modal() })).toEqual(invalid('missing required field: trigger_id'));
  });

  it('leaves the trigger unused when it refuses the view', async () => {
    const trigger = slack.issueTrigger('U0RETRY');
    expect(await call('views.open', { trigger_id: trigger, view: modal({ title: plain('x'.repeat(25)) }) })).toEqual(
      invalid('must be less than 25 characters [json-pointer:/view/title/text]'),
    );
    expect(await call('views.open', { trigger_id: trigger, view: modal() })).toMatchObject({ ok: true });
  });
});

describe("a view past Slack's limits is refused with invalid_arguments and Slack's lines", () => {
  const blocks = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
  const select = (options: unknown[]) => ({ type: 'static_select', action_id: 'app', options });
  it.each([
    [
      '101 blocks in a modal',
      modal({ blocks: blocks(101) }),
      'no more than 100 items allowed [json-pointer:/view/blocks]',
    ],
    [
      'a title of 25',
      modal({ title: plain('x'.repeat(25)) }),
      'must be less than 25 characters [json-pointer:/view/title/text]',
    ],
    [
      'a submit of 25',
      modal({ submit: plain('x'.repeat(25)) }),
      'must be less than 25 characters [json-pointer:/view/submit/text]',
    ],
    [
      'a close of 25',
      modal({ close: plain('x'.repeat(25)) }),
      'must be less than 25 characters [json-pointer:/view/close/text]',
    ],
    [
      'a mrkdwn title',
      modal({ title: { type: 'mrkdwn', text: 'Deploy' } }),
      'failed to match all allowed schemas [json-pointer:/view/title]',
    ],
    ['no title', modal({ title: undefined }), 'failed to match all allowed schemas [json-pointer:/view/title]'],
    [
      'a callback_id of 256',
      modal({ callback_id: 'c'.repeat(256) }),
      'must be less than 256 characters [json-pointer:/view/callback_id]',
    ],
    [
      'an external_id of 256',
      modal({ external_id: 'e'.repeat(256) }),
      'must be less than 256 characters [json-pointer:/view/external_id]',
    ],
    [
      'private_metadata of 3,001',
      modal({ private_metadata: 'm'.repeat(3001) }),
      'must be less than 3001 characters [json-pointer:/view/private_metadata]',
    ],
    [
      'a block_id of 256',
      modal({ blocks: [{ ...section('s'), block_id: 'b'.repeat(256) }] }),
      'must be less than 256 characters [json-pointer:/view/blocks/0/block_id]',
    ],
    [
      'an input action_id of 256',
      modal({ blocks: [input('i', { type: 'plain_text_input', action_id: 'a'.repeat(256) })] }),
      'must be less than 256 characters [json-pointer:/view/blocks/0/element/action_id]',
    ],
    [
      'an input label of 2,001',
      modal({ blocks: [input('i', { type: 'plain_text_input', action_id: 'i' }, 'l'.repeat(2001))] }),
      'must be less than 2001 characters [json-pointer:/view/blocks/0/label/text]',
    ],
    [
      'a button as an input element',
      modal({ blocks: [input('i', { type: 'button', action_id: 'i', text: plain('Go') })] }),
      'failed to match all allowed schemas [json-pointer:/view/blocks/0/element]',
    ],
    [
      'an input block without submit',
      modal({ submit: undefined }),
      'must provide submit when blocks contain an input [json-pointer:/view/submit]',
    ],
    [
      '101 options in a select',
      modal({ blocks: [input('app', select(Array.from({ length: 101 }, (_, i) => option(`o${i}`))))] }),
      'no more than 100 items allowed [json-pointer:/view/blocks/0/element/options]',
    ],
    [
      'an option text of 76',
      modal({ blocks: [input('app', select([option('v', 't'.repeat(76))]))] }),
      'must be less than 76 characters [json-pointer:/view/blocks/0/element/options/0/text/text]',
    ],
    [
      'an option value of 151',
      modal({ blocks: [input('app', select([option('v'.repeat(151), 't')]))] }),
      'must be less than 151 characters [json-pointer:/view/blocks/0/element/options/0/value]',
    ],
    [
      'a static select without options',
      modal({ blocks: [input('app', { type: 'static_select', action_id: 'app' })] }),
      'must provide options [json-pointer:/view/blocks/0/element/options]',
    ],
    [
      '101 options in an actions block select',
      modal({
        blocks: [{ type: 'actions', elements: [select(Array.from({ length: 101 }, (_, i) => option(`o${i}`)))] }],
      }),
      'no more than 100 items allowed [json-pointer:/view/blocks/0/elements/0/options]',
    ],
    [
      'a home view opened as a modal',
      { type: 'home', blocks: [section('s')] },
      'must be one of modal [json-pointer:/view/type]',
    ],
  ])('%s', async (_what, view, message) => {
    const trigger = slack.issueTrigger('U0LIMITS');
    expect(await call('views.open', { trigger_id: trigger, view })).toEqual(invalid(message));
    expect(slack.viewsOf('U0LIMITS').modals).toEqual([]);
    expect(slack.refusals.at(-1)).toMatchObject({ path: '/api/views.open', body: { error: 'invalid_arguments' } });
  });

  it('takes a modal of exactly 100 blocks, a 24-character title and 100 options of 75/150 characters', async () => {
    const options = Array.from({ length: 100 }, (_, i) => option(`${i}`.padEnd(150, 'v'), `${i}`.padEnd(75, 't')));
    const view = modal({
      title: plain('t'.repeat(24)),
      blocks: [input('app', select(options)), ...blocks(99)],
      private_metadata: 'm'.repeat(3000),
    });
    expect(await call('views.open', { trigger_id: slack.issueTrigger('U0EDGE'), view })).toMatchObject({ ok: true });
  });

  it('refuses a Home tab of 101 blocks, a modal as a Home tab, and over 250 kB view_too_large', async () => {
    expect(await call('views.publish', { user_id: 'U0HOME', view: { type: 'home', blocks: blocks(101) } })).toEqual(
      invalid('no more than 100 items allowed [json-pointer:/view/blocks]'),
    );
    expect(await call('views.publish', { user_id: 'U0HOME', view: modal() })).toEqual(
      invalid('must be one of home [json-pointer:/view/type]'),
    );
    const big = { type: 'home', blocks: Array.from({ length: 90 }, () => section('x'.repeat(2900))) };
    expect(await call('views.publish', { user_id: 'U0HOME', view: big })).toEqual({
      ok: false,
      error: 'view_too_large',
    });
    expect(slack.viewsOf('U0HOME').home).toBeNull();
  });
});

describe('views.update, views.push, views.publish', () => {
  it('updates by view_id and hash (then a new hash), keeps what was typed; a stale hash: hash_conflict', async () => {
    const ref = await openSlackView(api, slack.issueTrigger('U0UPD'), modal());
    slack.views.fill('U0UPD', { params: 'a=1', app: 'web' });
    const next = await updateSlackView(api, { view_id: ref.id }, modal({ title: plain('Deploy web') }), ref.hash);
    expect(next.id).toBe(ref.id);
    expect(next.hash).not.toBe(ref.hash);
    const [shown] = slack.viewsOf('U0UPD').modals;
    expect(shown!.title).toEqual(plain('Deploy web'));
    expect(shown!.state.values.params).toEqual({ params: { type: 'plain_text_input', value: 'a=1' } });
    expect(shown!.state.values.app).toEqual({ app: { type: 'static_select', selected_option: option('web') } });

    expect(await call('views.update', { view_id: ref.id, hash: ref.hash, view: modal() })).toEqual({
      ok: false,
      error: 'hash_conflict',
    });
    const error = await updateSlackView(api, { view_id: ref.id }, modal(), ref.hash).catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: false, context: expect.objectContaining({ apiCode: 'hash_conflict' }) });
    expect(isTriggerError(error)).toBe(false);
  });

  it('updates by external_id; not_found to an unknown or closed view, invalid_arguments without ids', async () => {
    await openSlackView(api, slack.issueTrigger('U0EXT'), modal({ external_id: 'deploy-U0EXT' }));
    const ref = await updateSlackView(api, { external_id: 'deploy-U0EXT' }, modal({ external_id: 'deploy-U0EXT' }));
    expect(slack.viewsOf('U0EXT').modals.map((m) => m.id)).toEqual([ref.id]);
    expect(await call('views.update', { view_id: 'V0NOPE', view: modal() })).toEqual({ ok: false, error: 'not_found' });
    slack.views.close('U0EXT');
    expect(await call('views.update', { view_id: ref.id, view: modal() })).toEqual({ ok: false, error: 'not_found' });
    expect(await call('views.update', { view: modal() })).toEqual(invalid('either view_id or external_id is required'));
  });

  it('answers duplicate_external_id to a second open view with the same external_id', async () => {
    await openSlackView(api, slack.issueTrigger('U0DUP1'), modal({ external_id: 'same' }));
    expect(
      await call('views.open', { trigger_id: slack.issueTrigger('U0DUP2'), view: modal({ external_id: 'same' }) }),
    ).toEqual({ ok: false, error: 'duplicate_external_id' });
  });

  it('pushes up to 3 modals, then push_limit_reached; a push without an open modal is not_found', async () => {
    expect(await call('views.push', { trigger_id: slack.issueTrigger('U0PUSH'), view: modal() })).toEqual({
      ok: false,
      error: 'not_found',
    });
    const root = await openSlackView(api, slack.issueTrigger('U0PUSH'), modal());
    const second = await pushSlackView(api, slack.issueTrigger('U0PUSH'), modal({ title: plain('Second') }));
    await pushSlackView(api, slack.issueTrigger('U0PUSH'), modal({ title: plain('Third') }));
    expect(await call('views.push', { trigger_id: slack.issueTrigger('U0PUSH'), view: modal() })).toEqual({
      ok: false,
      error: 'push_limit_reached',
    });
    const stack = slack.viewsOf('U0PUSH').modals;
    expect(stack.map((m) => m.title.text)).toEqual(['Deploy', 'Second', 'Third']);
    expect(stack[2]).toMatchObject({ root_view_id: root.id, previous_view_id: second.id });
  });

  it('publishes a Home tab per user (same id, new hash), refuses a stale hash and an invalid user_id', async () => {
    const home: SlackView = { type: 'home', blocks: [section('*api*')] };
    const first = await publishSlackView(api, 'U0PUB', home);
    const second = await publishSlackView(api, 'U0PUB', { ...home, blocks: [section('*web*')] }, first.hash);
    expect(second.id).toBe(first.id);
    expect(slack.viewsOf('U0PUB').home?.blocks).toEqual([{ ...section('*web*'), block_id: 'b0' }]);
    expect(await call('views.publish', { user_id: 'U0PUB', hash: first.hash, view: home })).toEqual({
      ok: false,
      error: 'hash_conflict',
    });
    expect(await call('views.publish', { user_id: 'nobody', view: home })).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['invalid `user_id`'] },
    });
  });
});

describe('the interaction payloads Slack sends, from what the person sees', () => {
  it('a shortcut and a message shortcut carry a fresh trigger_id that opens a modal', async () => {
    const shortcut = slack.interactions.shortcut('U0SC', 'deploy');
    expect(shortcut).toMatchObject({ type: 'shortcut', callback_id: 'deploy', user: { id: 'U0SC' } });
    await openSlackView(api, shortcut.trigger_id, modal());
    const action = slack.interactions.messageAction(
      'U0SC',
      'deploy_message',
      { id: 'C0DEPLOYS' },
      { ts: '1.000001', text: 'hi' },
    );
    expect(action).toMatchObject({
      type: 'message_action',
      channel: { id: 'C0DEPLOYS', name: 'c0deploys' },
      message: { ts: '1.000001', text: 'hi' },
      response_url: expect.stringContaining('/response/'),
    });
    await pushSlackView(api, action.trigger_id, modal());
    expect(slack.viewsOf('U0SC').modals).toHaveLength(2);
  });

  it("block_actions updates the modal's state; view_submission carries state.values; block_suggestion", async () => {
    await openSlackView(api, slack.issueTrigger('U0SUB'), modal({ private_metadata: 'meta' }));
    const changed = slack.interactions.viewAction('U0SUB', 'app', { value: 'api' });
    expect(changed).toMatchObject({
      type: 'block_actions',
      container: { type: 'view', view_id: changed.view.id },
      actions: [{ type: 'static_select', action_id: 'app', block_id: 'app', selected_option: option('api') }],
    });
    const suggestion = slack.interactions.suggestion('U0SUB', 'ref', 'feat');
    expect(suggestion).toMatchObject({ type: 'block_suggestion', action_id: 'ref', block_id: 'ref', value: 'feat' });
    const submitted = slack.interactions.submission('U0SUB', { ref: 'feature-x', params: 'a=1' });
    expect(submitted).toMatchObject({ type: 'view_submission', trigger_id: expect.any(String) });
    expect(submitted.view).toMatchObject({ private_metadata: 'meta', callback_id: 'deploy' });
    expect(submitted.view.state.values).toEqual({
      app: { app: { type: 'static_select', selected_option: option('api') } },
      ref: {
        ref: {
          type: 'external_select',
          selected_option: { text: { ...plain('feature-x'), emoji: true }, value: 'feature-x' },
        },
      },
      params: { params: { type: 'plain_text_input', value: 'a=1' } },
    });
    expect(() => slack.interactions.submission('U0SUB', { app: 'nope' })).toThrow('offers no option with value "nope"');
  });

  it("applies the app's answer to a submission: errors keep it open, an empty answer closes it", async () => {
    await openSlackView(api, slack.issueTrigger('U0ANS'), modal());
    expect(
      slack.views.applyResponse('U0ANS', { response_action: 'errors', errors: { ref: 'Unknown ref' } }),
    ).toMatchObject({
      kind: 'errors',
      errors: { ref: 'Unknown ref' },
    });
    expect(slack.viewsOf('U0ANS').modals).toHaveLength(1);
    expect(slack.views.applyResponse('U0ANS', { response_action: 'errors', errors: { nope: 'x' } })).toMatchObject({
      kind: 'refused',
      reason: 'errors for nope: not an input block_id',
    });
    expect(
      slack.views.applyResponse('U0ANS', { response_action: 'update', view: modal({ title: plain('x'.repeat(25)) }) }),
    ).toMatchObject({ kind: 'refused' });
    expect(slack.views.applyResponse('U0ANS', undefined)).toMatchObject({ kind: 'closed' });
    expect(slack.viewsOf('U0ANS').modals).toEqual([]);
  });

  it('view_closed takes the modal off the stack', async () => {
    await openSlackView(api, slack.issueTrigger('U0CLOSE'), modal({ notify_on_close: true }));
    expect(slack.interactions.closed('U0CLOSE')).toMatchObject({ type: 'view_closed', is_cleared: false });
    expect(slack.viewsOf('U0CLOSE').modals).toEqual([]);
  });
});
