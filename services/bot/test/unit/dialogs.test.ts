import { describe, expect, it } from '@jest/globals';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { dialogChoices } from '../../src/dialogs/dialog-choices.js';
import { readDialogMetadata, writeDialogMetadata } from '../../src/dialogs/dialog-metadata.js';
import { readDialogSubmission } from '../../src/dialogs/read-dialog-submission.js';
import { knownRef, refOptions } from '../../src/dialogs/ref-options.js';
import { dialogView } from '../../src/render/dialog-view.js';
import { helpText } from '../../src/render/help-text.js';
import { TEST_CONFIG } from '../helpers/test-config.js';

const config = parseAppsConfig(TEST_CONFIG);
const SECRET = 'dialog-secret-0123456789';
const noGroups = () => null;
const ops = (id: string) => (id === 'S0OPS' ? ['U0CAROL'] : null);

describe('dialogChoices', () => {
  it('offers what the typed command would take from this person in this channel', () => {
    expect(dialogChoices(config, 'deploy', { userId: 'U0BOB', channelId: 'C0DEPLOYS' }, noGroups)).toEqual([
      { name: 'api', environments: ['staging', 'review', 'gated', 'health'] },
      { name: 'ghost', environments: ['staging'] },
    ]);
    // a member of a deployers group; from C0WEB, web (whose production nobody may deploy to) is offered
    expect(dialogChoices(config, 'deploy', { userId: 'U0CAROL', channelId: 'C0WEB' }, ops)).toEqual([
      { name: 'api', environments: ['staging', 'production', 'review', 'gated', 'health'] },
      { name: 'web', environments: ['staging'] },
      { name: 'ghost', environments: ['staging'] },
    ]);
    // a group not known yet is not listed (the worker resolves groups before it asks)
    expect(dialogChoices(config, 'deploy', { userId: 'U0CAROL' }, noGroups)[0]!.environments).not.toContain(
      'production',
    );
  });

  it('destroy offers the transient environments only, rollback the others', () => {
    expect(dialogChoices(config, 'destroy', { userId: 'U0BOB' }, noGroups)).toEqual([
      { name: 'api', environments: ['review'] },
    ]);
    expect(dialogChoices(config, 'rollback', { userId: 'U0BOB' }, noGroups)[0]!.environments).toEqual([
      'staging',
      'gated',
      'health',
    ]);
  });
});

describe('the dialog metadata', () => {
  it('is believed only with the bot signature, for the person it was written for', () => {
    const raw = writeDialogMetadata(SECRET, { dialog: 'deploy', user: 'U0BOB', channel: 'C0DEPLOYS', app: 'api' });
    expect(readDialogMetadata(SECRET, raw, 'U0BOB')).toEqual({
      dialog: 'deploy',
      user: 'U0BOB',
      channel: 'C0DEPLOYS',
      app: 'api',
    });
    expect(readDialogMetadata(SECRET, raw, 'U0ALICE')).toBeNull();
    expect(readDialogMetadata('another-secret-0123456789', raw, 'U0BOB')).toBeNull();
    const moved = JSON.stringify({ ...JSON.parse(raw), c: 'C0SECRET' });
    expect(readDialogMetadata(SECRET, moved, 'U0BOB')).toBeNull();
    expect(readDialogMetadata(SECRET, 'not json', 'U0BOB')).toBeNull();
  });
});

describe('refOptions', () => {
  const refs = {
    branches: ['main', 'feature-a', 'a-feature', 'fix'],
    tags: ['v1', 'feature-tag'],
    defaultBranch: 'main',
    fetchedAt: 0,
  };

  it('ranks exact and prefix matches first, branches before tags; the default branch first with nothing typed', () => {
    expect(refOptions(refs, 'feature').options.map((o) => o.value)).toEqual(['feature-a', 'feature-tag', 'a-feature']);
    expect(refOptions(refs, '').options[0]).toEqual({ text: { type: 'plain_text', text: 'main' }, value: 'main' });
    expect(refOptions(refs, 'V1').options).toEqual([{ text: { type: 'plain_text', text: 'v1 (tag)' }, value: 'v1' }]);
  });

  it('offers a sha as typed, and at most 100 options', () => {
    expect(refOptions(null, 'ABCDEF0').options).toEqual([
      { text: { type: 'plain_text', text: 'commit ABCDEF0' }, value: 'abcdef0' },
    ]);
    const many = { ...refs, branches: Array.from({ length: 250 }, (_, i) => `b${i}`) };
    expect(refOptions(many, 'b').options).toHaveLength(100);
    expect(knownRef(refs, 'fix')).toBe(true);
    expect(knownRef(refs, 'abc1234')).toBe(true);
    expect(knownRef(refs, 'nope')).toBe(false);
  });
});

describe('readDialogSubmission', () => {
  const pick = (value: string) => ({ selected_option: { value } });
  const base = { app: { app: pick('api') }, 'environment:api': { environment: pick('staging') } };

  it('reads the deploy fields into the command one could type', () => {
    expect(
      readDialogSubmission('deploy', {
        ...base,
        'ref:api': { ref: pick('feature-x') },
        noop: { noop: { selected_options: [{ value: 'noop' }] } },
        task: { task: { value: 'migrate' } },
        params: { params: { value: 'region=eu\n\nnote=two words  \n' } },
      }),
    ).toEqual({
      ok: true,
      app: 'api',
      environment: 'staging',
      parsed: {
        action: 'deploy',
        app: 'api',
        environment: 'staging',
        ref: 'feature-x',
        force: false,
        noop: true,
        task: 'migrate',
        params: { region: 'eu', note: 'two words' },
      },
    });
  });

  it('refuses what the typed command refuses, next to the field', () => {
    const errors = (values: Record<string, unknown>) => {
      const read = readDialogSubmission('deploy', { ...base, ...values } as never);
      return read.ok ? null : read.errors;
    };
    expect(errors({ 'ref:api': { ref: pick('-rf') } })).toEqual({
      'ref:api': 'That is not a branch, tag or commit name.',
    });
    expect(errors({ task: { task: { value: 'Bad Task' } } })).toEqual({
      task: '"Bad Task" is not a task name (letters, digits, "-" or "_").',
    });
    expect(errors({ params: { params: { value: 'force=yes' } } })).toEqual({
      params: '"force" is not a parameter name.',
    });
    expect(errors({ 'environment:api': { environment: { selected_option: null } } })).toEqual({
      'environment:api': 'Pick an environment.',
    });
  });

  it('lock, rollback and destroy', () => {
    expect(
      readDialogSubmission('lock', {
        ...base,
        duration: { duration: pick('3600000') },
        reason: { reason: { value: ' tests ' } },
      }),
    ).toMatchObject({ ok: true, parsed: { action: 'lock', reason: 'tests', duration_ms: 3_600_000 } });
    expect(readDialogSubmission('rollback', { ...base, 'target:api:staging': { target: pick('42') } })).toMatchObject({
      ok: true,
      parsed: { action: 'rollback', app: 'api', environment: 'staging' },
      rollbackTo: 42,
    });
    expect(readDialogSubmission('rollback', base)).toEqual({
      ok: false,
      errors: { 'environment:api': 'There is no earlier successful deployment here to go back to.' },
    });
    expect(readDialogSubmission('destroy', { ...base, 'ref:api': { ref: pick('feature-x') } })).toMatchObject({
      ok: true,
      parsed: { action: 'destroy', app: 'api', ref: 'feature-x', environment: 'staging' },
    });
  });
});

describe('dialogView', () => {
  it('stays within Slack limits with hostile names: title, option text and value cut, never refused', () => {
    const long = `x${'<&>`'.repeat(40)}`;
    const view = dialogView({
      dialog: 'destroy',
      apps: [{ name: long, environments: [long] }],
      metadata: '{}',
      nowMs: 0,
    });
    const json = JSON.stringify(view);
    expect((view.title as { text: string }).text.length).toBeLessThanOrEqual(24);
    const element = (view.blocks[0] as { element: { options: Array<{ text: { text: string }; value: string }> } })
      .element;
    expect(element.options[0]!.text.text.length).toBeLessThanOrEqual(75);
    expect(element.options[0]!.value.length).toBeLessThanOrEqual(150);
    expect(json).toContain('"type":"plain_text"');
  });

  it('says so when there is nothing this person may do, with no submit', () => {
    const view = dialogView({ dialog: 'deploy', apps: [], metadata: '{}', nowMs: 0 });
    expect(view.blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'plain_text',
          text: 'There is nothing you may deploy from here: no environment of any app lets you.',
        },
      },
    ]);
    expect(view).not.toHaveProperty('submit');
  });
});

describe('help', () => {
  it('says that the command alone opens the dialog', () => {
    expect(helpText(config, '/ship', 'U0BOB', noGroups)).toContain(
      '• `/ship` alone (or the Deploy shortcut) opens a dialog: app, environment and branch picked from lists',
    );
  });
});
