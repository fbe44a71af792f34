import { describe, expect, it } from '@jest/globals';
import { createLockStore } from '@chatops/shared/runtime';
import { waitFor } from '@chatops/testkit';
import { deployOnGitHub, signedChatopsOf } from '../helpers/deployments.js';
import { blockOf, interact, modalOf, optionValues } from '../helpers/dialogs.js';
import { answersTo, harnessPerTest, settled } from '../helpers/harness.js';

const h = harnessPerTest();

describe('the rollback, lock and destroy dialogs', () => {
  it('rollback: offers the earlier successful deployments there, rolls back to the one chosen', async () => {
    const release = h.github.push('acme/api', 'release', 'release-1');
    const older = await deployOnGitHub(h, 'release', 'staging', ['success']);
    const good = await deployOnGitHub(h, 'main', 'staging', ['success']);
    await deployOnGitHub(h, 'main', 'staging', ['failure']);
    const current = await deployOnGitHub(h, 'feature-x', 'staging', ['success']);
    await interact(h, h.slack.interactions.shortcut('U0ALICE', 'rollback'));
    const first = await modalOf(h, 'U0ALICE');
    expect(first.callback_id).toBe('chatops_rollback_dialog');
    // transient environments are not rolled back
    expect(optionValues(first, 'environment:api')).toEqual(['staging', 'production', 'gated', 'health']);
    expect(first.submit).toEqual({ type: 'plain_text', text: 'Roll back' });
    await interact(h, h.slack.interactions.viewAction('U0ALICE', 'environment', { value: 'staging' }));
    const view = await modalOf(h, 'U0ALICE', (v) => blockOf(v, 'target:api:staging') !== undefined);
    type Option = { text: { text: string }; value: string };
    const options = blockOf(view, 'target:api:staging')!.element.options as Option[];
    expect(options.map((o) => o.value)).toEqual([String(good), String(older)]);
    expect(options[1]!.text.text).toBe(`#${older} ${release.slice(0, 7)} release, 0m ago by chatops-bot`);
    const submit = h.slack.interactions.submission('U0ALICE', {
      'target:api:staging': String(older),
    }) as { view: { id: string } };
    expect((await interact(h, submit)).body).toBeUndefined();
    expect(await settled(h, `view-${submit.view.id}`, `view-${submit.view.id}`)).toBe('completed');
    const d = h.github.deployments.at(-1)!;
    expect(d.request).toMatchObject({ ref: release, environment: 'staging', auto_merge: false });
    expect(signedChatopsOf(d)).toMatchObject({ rollback_of: current, branch: 'release' });
  });

  it('rollback to a deployment that is not an earlier success (a forged pick) is refused by the worker', async () => {
    h.github.push('acme/api', 'release', 'release-2');
    await deployOnGitHub(h, 'main', 'staging', ['success']);
    const failed = await deployOnGitHub(h, 'release', 'staging', ['failure']);
    await deployOnGitHub(h, 'feature-x', 'staging', ['success']);
    await interact(h, h.slack.interactions.shortcut('U0ALICE', 'rollback'));
    await modalOf(h, 'U0ALICE');
    await interact(h, h.slack.interactions.viewAction('U0ALICE', 'environment', { value: 'staging' }));
    await modalOf(h, 'U0ALICE', (v) => blockOf(v, 'target:api:staging') !== undefined);
    type Values = Record<string, Record<string, { selected_option: { value: string } }>>;
    const submit = h.slack.interactions.submission('U0ALICE', {}) as {
      view: { id: string; state: { values: Values } };
    };
    submit.view.state.values['target:api:staging']!.target!.selected_option = { value: String(failed) };
    expect((await interact(h, submit)).body).toBeUndefined();
    expect(await settled(h, `view-${submit.view.id}`, `view-${submit.view.id}`)).toBe('completed');
    expect(h.github.deployments).toHaveLength(3);
    const told = h.slack.callsOf('chat.postEphemeral').map((c) => [c.args.channel, c.args.user, c.args.text]);
    expect(told).toEqual([
      [
        'C0DEPLOYS',
        'U0ALICE',
        `#${failed} is not an earlier successful deployment of api to staging with another commit than the current ` +
          'one; nothing was rolled back.',
      ],
    ]);
  });

  it('rollback opened from a Home button with app and environment preselected', async () => {
    await deployOnGitHub(h, 'main', 'staging', ['success']);
    await deployOnGitHub(h, 'feature-x', 'staging', ['success']);
    const press = {
      type: 'block_actions',
      team: { id: 'T0FAKE' },
      user: { id: 'U0BOB', name: 'bob' },
      trigger_id: h.slack.issueTrigger('U0BOB'),
      container: { type: 'view', view_id: 'V0HOME' },
      actions: [{ action_id: 'open_rollback_dialog', value: JSON.stringify({ app: 'api', environment: 'staging' }) }],
    };
    expect(await interact(h, press)).toEqual({ status: 200, body: undefined });
    const view = await modalOf(h, 'U0BOB', (v) => blockOf(v, 'target:api:staging') !== undefined);
    expect(blockOf(view, 'environment:api')!.element.initial_option.value).toBe('staging');
    expect(optionValues(view, 'target:api:staging')).toHaveLength(1);
    expect(view.submit).toEqual({ type: 'plain_text', text: 'Roll back' });
  });

  it('lock: duration and reason, the same lock as the typed command', async () => {
    await interact(h, h.slack.interactions.shortcut('U0BOB', 'lock'));
    const view = await modalOf(h, 'U0BOB');
    expect(view.blocks.map((b) => b.block_id)).toEqual(['app', 'environment:api', 'duration', 'reason']);
    const submit = h.slack.interactions.submission('U0BOB', {
      duration: String(3_600_000),
      reason: 'testing the migration',
    }) as { view: { id: string } };
    expect((await interact(h, submit)).body).toBeUndefined();
    expect(await settled(h, `view-${submit.view.id}`, `view-${submit.view.id}`)).toBe('completed');
    const lock = await createLockStore(h.redis, h.prefix, { now: () => h.now.ms }).get('acme/api', 'staging');
    expect(lock).toMatchObject({ holder: { slack_user_id: 'U0BOB' }, reason: 'testing the migration' });
    expect(Date.parse(lock!.expires_at!) - Date.parse(lock!.locked_at)).toBe(3_600_000);
    await waitFor(() => h.slack.messagesIn('C0DEPLOYS')[0] ?? null, 'the lock message');
    expect(h.slack.messagesIn('C0DEPLOYS')[0]!.text).toMatch(/^<@U0BOB> locked api staging \(testing the migration\)/);
  });

  it('destroy: only transient environments, the branch picked, the same teardown as the typed command', async () => {
    await answersTo(h, 'api/feature-x to review', 'U0BOB');
    await interact(h, h.slack.interactions.shortcut('U0BOB', 'destroy'));
    const view = await modalOf(h, 'U0BOB');
    expect(optionValues(view, 'app')).toEqual(['api']);
    expect(optionValues(view, 'environment:api')).toEqual(['review']);
    expect(blockOf(view, 'environment:api')!.element.initial_option.value).toBe('review');
    const empty = await interact(h, h.slack.interactions.submission('U0BOB', {}));
    expect(empty.body).toEqual({
      response_action: 'errors',
      errors: { 'ref:api': 'Pick the branch whose environment to destroy.' },
    });
    const submit = h.slack.interactions.submission('U0BOB', {
      'environment:api': 'review',
      'ref:api': { text: 'feature-x', value: 'feature-x' },
    }) as { view: { id: string } };
    expect((await interact(h, submit)).body).toBeUndefined();
    expect(await settled(h, `view-${submit.view.id}`, `view-${submit.view.id}`)).toBe('completed');
    expect(h.github.deployments.at(-1)!.request).toMatchObject({
      ref: 'feature-x',
      environment: 'review-feature-x',
      task: 'destroy',
    });
  });
});
