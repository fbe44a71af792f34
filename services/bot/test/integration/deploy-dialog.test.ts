import { describe, expect, it } from '@jest/globals';
import { QUEUES, verifyChatopsPayload } from '@chatops/shared/contracts';
import { createFreezeStore, createLockStore, createQueue } from '@chatops/shared/runtime';
import { waitFor, type FakeView } from '@chatops/testkit';
import { blockOf, interact, modalOf, optionValues } from '../helpers/dialogs.js';
import { createHarness, harnessPerTest, jobCount, PAYLOAD_SECRET, settled, type Harness } from '../helpers/harness.js';

const h = harnessPerTest();

/** Opens the deploy dialog through the global shortcut and returns the modal once its refs are read. */
async function openDeploy(user: string): Promise<FakeView> {
  const res = await interact(h, h.slack.interactions.shortcut(user, 'deploy'));
  expect(res).toEqual({ status: 200, body: undefined });
  // The first view, then its update once the repository's refs are read (the default branch is in the ref field).
  return modalOf(h, user, (v) => blockOf(v, 'ref:api')?.element?.initial_option !== undefined);
}

/** The command jobs on the queue (a dialog's submit is one). */
const commandJobs = (x: Harness) => jobCount(x.queues.commands);

describe('the deploy dialog', () => {
  it('opens from the global shortcut with only what this person may deploy (bob: no production, no web)', async () => {
    const view = await openDeploy('U0BOB');
    expect(view.callback_id).toBe('chatops_deploy_dialog');
    expect(view.title).toEqual({ type: 'plain_text', text: 'Deploy' });
    expect(view.blocks.map((b) => b.block_id)).toEqual(['app', 'environment:api', 'ref:api', 'noop', 'task', 'params']);
    expect(optionValues(view, 'app')).toEqual(['api', 'ghost']);
    expect(optionValues(view, 'environment:api')).toEqual(['staging', 'review', 'gated', 'health']);
    expect(blockOf(view, 'environment:api')?.element.initial_option.value).toBe('staging');
    expect(blockOf(view, 'ref:api')?.element).toMatchObject({
      type: 'external_select',
      initial_option: { value: 'main' },
    });
    // alice may deploy to production (a deployer), nobody to web's production, and web only from C0WEB
    const alice = await openDeploy('U0ALICE');
    expect(optionValues(alice, 'app')).toEqual(['api', 'ghost']);
    expect(optionValues(alice, 'environment:api')).toEqual(['staging', 'production', 'review', 'gated', 'health']);
    expect(h.slack.refusals).toEqual([]);
  });

  it('opens from `/deploy` with no text, remembering the channel; from C0WEB web is offered', async () => {
    const trigger = h.slack.issueTrigger('U0ALICE');
    const res = await h.command('', { user_id: 'U0ALICE', channel_id: 'C0WEB', trigger_id: trigger });
    expect(res.status).toBe(200);
    expect(res.body).toBeUndefined();
    const view = await modalOf(h, 'U0ALICE');
    expect(optionValues(view, 'app')).toEqual(['api', 'web', 'ghost']);
    expect(JSON.parse(view.private_metadata)).toMatchObject({ d: 'deploy', u: 'U0ALICE', c: 'C0WEB' });
  });

  it('shows the environments of another app when it changes (block_actions, views.update with the hash)', async () => {
    const view = await openDeploy('U0BOB');
    const res = await interact(h, h.slack.interactions.viewAction('U0BOB', 'app', { value: 'ghost' }));
    expect(res.status).toBe(200);
    const next = await modalOf(
      h,
      'U0BOB',
      (v) => v.hash !== view.hash && blockOf(v, 'environment:ghost') !== undefined,
    );
    expect(next.id).toBe(view.id);
    expect(optionValues(next, 'environment:ghost')).toEqual(['staging']);
    expect(blockOf(next, 'environment:api')).toBeUndefined();
    // the ref picked for api's repository is not kept for ghost's
    expect(next.blocks.map((b) => b.block_id)).toEqual([
      'app',
      'environment:ghost',
      'ref:ghost',
      'noop',
      'task',
      'params',
    ]);
    const updates = h.slack.callsOf('views.update').map((c) => c.args.hash);
    expect(updates).toContain(view.hash);
  });

  it('suggests branches and tags as the person types, from the cache, at most 100', async () => {
    for (let i = 0; i < 130; i += 1) h.github.push('acme/api', `feature-${String(i).padStart(3, '0')}`);
    h.github.tag('acme/api', 'v1.0.0');
    h.github.tag('acme/api', 'feature-tag');
    await openDeploy('U0BOB');
    const all = await interact(h, h.slack.interactions.suggestion('U0BOB', 'ref', 'feature'), '/slack/options');
    const options = (all.body as { options: Array<{ text: { text: string }; value: string }> }).options;
    expect(options).toHaveLength(100);
    expect(options.slice(0, 3).map((o) => o.value)).toEqual(['feature-000', 'feature-001', 'feature-002']);
    const few = await interact(h, h.slack.interactions.suggestion('U0BOB', 'ref', 'v1'), '/slack/options');
    expect(few.body).toEqual({ options: [{ text: { type: 'plain_text', text: 'v1.0.0 (tag)' }, value: 'v1.0.0' }] });
    const sha = await interact(h, h.slack.interactions.suggestion('U0BOB', 'ref', 'abcdef1'), '/slack/options');
    expect(sha.body).toEqual({ options: [{ text: { type: 'plain_text', text: 'commit abcdef1' }, value: 'abcdef1' }] });
    const empty = await interact(h, h.slack.interactions.suggestion('U0BOB', 'ref', ''), '/slack/options');
    expect((empty.body as { options: Array<{ value: string }> }).options[0]!.value).toBe('main');
    // only for a dialog the bot opened for this person
    const forged = h.slack.interactions.suggestion('U0BOB', 'ref', 'feature') as { view: { private_metadata: string } };
    forged.view.private_metadata = JSON.stringify({ d: 'deploy', u: 'U0BOB', a: 'api', s: 'forged' });
    expect((await interact(h, forged, '/slack/options')).body).toEqual({ options: [] });
    // GitHub's branches were read page by page (100 a page), once
    expect(h.github.received('GET', '/repos/acme/api/branches').length).toBe(2);
  });

  describe('a wrong submit keeps the modal open, the error next to the field, and enqueues nothing', () => {
    it('an unknown ref', async () => {
      await openDeploy('U0BOB');
      const payload = h.slack.interactions.submission('U0BOB', { 'ref:api': { text: 'nope', value: 'nope' } });
      const res = await interact(h, payload);
      expect(res).toEqual({
        status: 200,
        body: { response_action: 'errors', errors: { 'ref:api': 'acme/api has no branch or tag nope.' } },
      });
      expect(h.slack.views.applyResponse('U0BOB', res.body).kind).toBe('errors');
      expect(await commandJobs(h)).toBe(0);
    });

    it('an environment this person may not deploy to (a forged submit)', async () => {
      await openDeploy('U0BOB');
      type Values = Record<string, Record<string, { selected_option: { value: string } }>>;
      const payload = h.slack.interactions.submission('U0BOB', {}) as { view: { state: { values: Values } } };
      payload.view.state.values['environment:api']!.environment!.selected_option = { value: 'production' };
      const res = await interact(h, payload);
      expect(res.body).toEqual({
        response_action: 'errors',
        errors: { 'environment:api': 'You may not deploy to production. Those who may: @U0ALICE, @S0OPS.' },
      });
      expect(await commandJobs(h)).toBe(0);
    });

    it('an environment someone else locked', async () => {
      const locks = createLockStore(h.redis, h.prefix, { now: () => h.now.ms });
      const at = new Date(h.now.ms).toISOString();
      await locks.acquire({
        repository: 'acme/api',
        environment: 'staging',
        holder: { slack_user_id: 'U0ALICE', name: 'alice' },
        reason: 'migrating',
        locked_at: at,
      } as never);
      await openDeploy('U0BOB');
      const res = await interact(h, h.slack.interactions.submission('U0BOB', {}));
      expect(res.body).toEqual({
        response_action: 'errors',
        errors: {
          'environment:api':
            'api staging is locked by alice: "migrating". Only they may deploy there until it is unlocked.',
        },
      });
      expect(await commandJobs(h)).toBe(0);
    });

    it('a frozen environment', async () => {
      const freezes = createFreezeStore(h.redis, h.prefix);
      await freezes.set(
        {
          app: 'api',
          environment: 'staging',
          reason: 'release week',
          until: new Date(h.now.ms + 2 * 3_600_000).toISOString(),
          by: { slack_user_id: 'U0ALICE', name: 'alice' },
          at: new Date(h.now.ms).toISOString(),
        },
        h.now.ms,
      );
      await openDeploy('U0BOB');
      const res = await interact(h, h.slack.interactions.submission('U0BOB', {}));
      expect(res.body).toEqual({
        response_action: 'errors',
        errors: { 'environment:api': 'api staging is frozen for 2h 00m more: release week.' },
      });
      expect(await commandJobs(h)).toBe(0);
    });

    it('parameters CircleCI would refuse, and malformed ones', async () => {
      await openDeploy('U0BOB');
      const long = `a=${'x'.repeat(300)}\nb=${'y'.repeat(300)}`;
      const res = await interact(h, h.slack.interactions.submission('U0BOB', { params: long }));
      expect(res.body).toEqual({
        response_action: 'errors',
        errors: { params: expect.stringMatching(/^CircleCI would refuse this deployment: /) },
      });
      const bad = await interact(h, h.slack.interactions.submission('U0BOB', { params: 'region=eu\nnonsense' }));
      expect(bad.body).toEqual({ response_action: 'errors', errors: { params: 'Line 2 is not key=value.' } });
      expect(await commandJobs(h)).toBe(0);
    });
  });

  it('a valid submit closes the modal and deploys as the command would, its message where it was opened', async () => {
    const payload = h.slack.interactions.messageAction(
      'U0BOB',
      'deploy_message',
      { id: 'C0DEPLOYS' },
      {
        ts: '1.2',
        text: 'ship it',
      },
    );
    await interact(h, payload);
    const view = await modalOf(
      h,
      'U0BOB',
      (v) => JSON.parse(v.private_metadata).c === 'C0DEPLOYS' && blockOf(v, 'ref:api')?.element?.initial_option,
    );
    const submit = h.slack.interactions.submission('U0BOB', {
      'ref:api': { text: 'feature-x', value: 'feature-x' },
      noop: ['noop'],
      params: 'region=eu\nnote=two words',
    });
    const res = await interact(h, submit);
    expect(res).toEqual({ status: 200, body: undefined });
    expect(h.slack.views.applyResponse('U0BOB', res.body).kind).toBe('closed');
    // Slack sends it again (a retry): still one job, one deployment
    expect((await interact(h, submit)).status).toBe(200);
    expect(await settled(h, `view-${view.id}`, `view-${view.id}`)).toBe('completed');
    expect(await commandJobs(h)).toBe(1);
    expect(h.github.deployments).toHaveLength(1);
    const d = h.github.deployments[0]!;
    const message = h.slack.messagesIn('C0DEPLOYS')[0]!;
    const { payload: signed, ...request } = d.request as { payload: unknown };
    expect(request).toEqual({
      ref: 'feature-x',
      environment: 'staging',
      task: 'deploy',
      auto_merge: true,
      transient_environment: false,
      production_environment: false,
      description: 'deploy api/feature-x to staging for Bob via chatops',
    });
    const target = { repository: 'acme/api', environment: 'staging', ref: 'feature-x', task: 'deploy' };
    expect(verifyChatopsPayload(signed, target, PAYLOAD_SECRET)).toMatchObject({
      kind: 'signed',
      chatops: {
        app: 'api',
        requester: { slack_user_id: 'U0BOB', name: 'Bob' },
        slack: { channel: 'C0DEPLOYS', ts: message.ts },
        params: { region: 'eu', note: 'two words' },
        noop: true,
        forced: false,
      },
    });
  });

  it('a submit whose private_metadata was not signed by the bot is refused, nothing enqueued', async () => {
    await openDeploy('U0BOB');
    const payload = h.slack.interactions.submission('U0BOB', {}) as { view: { id: string; private_metadata: string } };
    payload.view.private_metadata = JSON.stringify({ d: 'deploy', u: 'U0BOB', c: 'C0SECRET', s: 'forged' });
    expect((await interact(h, payload)).body).toEqual({
      response_action: 'errors',
      errors: { app: 'This dialog was not opened for you by the bot. Close it and open it again.' },
    });
    expect(await commandJobs(h)).toBe(0);
  });
});

describe('the trigger_id (3 s, once)', () => {
  /** A harness whose workers start only when the test says (the HTTP side alone until then). */
  async function withSlowWorker(test: (slow: Harness) => Promise<void>): Promise<void> {
    const slow = await createHarness();
    try {
      await test(slow);
    } finally {
      await slow.close();
    }
  }

  it('a dialog opened after 3 s is refused by Slack: nothing opens', () =>
    withSlowWorker(async (slow) => {
      const payload = slow.slack.interactions.shortcut('U0BOB', 'deploy');
      expect((await interact(slow, payload)).status).toBe(200);
      const real = Date.now;
      slow.slack.options.now = () => real() + 3000;
      slow.startWorker();
      const queue = createQueue(QUEUES.dialogs, { connection: slow.redis, prefix: slow.prefix });
      try {
        const id = `dialog-${String(payload.trigger_id).replace(/[^A-Za-z0-9_.-]/g, '_')}`;
        const state = await waitFor(async () => {
          const s = await (await queue.getJob(id))?.getState();
          return s === 'completed' || s === 'failed' ? s : null;
        }, 'the open job to end');
        // Not retried: Slack would refuse the trigger again
        expect(state).toBe('completed');
      } finally {
        await queue.close();
      }
      expect(slow.slack.callsOf('views.open')).toHaveLength(1);
      expect(slow.slack.viewsOf('U0BOB').modals).toEqual([]);
    }));

  it('a shortcut Slack delivers twice opens one dialog (one job; the trigger is never used twice)', () =>
    withSlowWorker(async (slow) => {
      const payload = slow.slack.interactions.shortcut('U0BOB', 'deploy');
      await interact(slow, payload);
      await interact(slow, payload);
      slow.startWorker();
      await modalOf(slow, 'U0BOB');
      await waitFor(() => slow.slack.callsOf('views.update').length > 0 || null, 'the refs update');
      expect(slow.slack.callsOf('views.open')).toHaveLength(1);
      expect(slow.slack.refusals).toEqual([]);
    }));
});
