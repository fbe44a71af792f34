import { type DialogKind, truncate } from '@chatops/shared/contracts';
import type { SlackView } from '@chatops/shared/runtime';
import type { ChoiceApp } from '../dialogs/dialog-choices.js';
import { DIALOG_CALLBACK_IDS, environmentBlockId, FIELDS, refBlockId, targetBlockId } from '../dialogs/dialog-ids.js';

/** An earlier successful deployment a rollback may go back to. */
export type RollbackTarget = { id: number; sha: string; ref: string; createdAt: string; creator: string | null };

export type DialogViewInput = {
  dialog: DialogKind;
  /** What this person may pick (dialogChoices). */
  apps: ChoiceApp[];
  /** The app and environment picked (or preselected); the first app, the default environment otherwise. */
  app?: string;
  environment?: string;
  /** The config's `defaults.environment`, picked when none is and the app has it. */
  defaultEnvironment?: string;
  /** The picked app's default branch, when the bot knows it (the ref field's first choice). */
  defaultBranch?: string;
  /** Rollback: the earlier successful deployments of the environment, newest first; undefined while looked up. */
  targets?: RollbackTarget[];
  /** The signed private_metadata (writeDialogMetadata). */
  metadata: string;
  nowMs: number;
};

type Option = { text: { type: 'plain_text'; text: string }; value: string };

const TITLES: Record<DialogKind, string> = {
  deploy: 'Deploy',
  rollback: 'Roll back',
  lock: 'Lock an environment',
  destroy: 'Destroy a branch env',
};
const SUBMITS: Record<DialogKind, string> = {
  deploy: 'Deploy',
  rollback: 'Roll back',
  lock: 'Lock',
  destroy: 'Destroy',
};
/** The lock lengths offered (the environment's `lock_max` cuts a longer one, as for the typed command). */
const LOCK_DURATIONS: Array<[string, number]> = [
  ['30 minutes', 30 * 60_000],
  ['1 hour', 3_600_000],
  ['2 hours', 2 * 3_600_000],
  ['4 hours', 4 * 3_600_000],
  ['8 hours', 8 * 3_600_000],
  ['1 day', 24 * 3_600_000],
];

const plain = (text: string, max = 75) => ({ type: 'plain_text' as const, text: truncate(text, max) });
export const option = (text: string, value: string): Option => ({ text: plain(text), value: value.slice(0, 150) });

/** Slack's limits of a modal: at most 100 options in a select (the config has fewer apps than that). */
const MAX_OPTIONS = 100;

/**
 * A dialog's modal (views.open / views.update): the app select (its change comes back as
 * `block_actions`), the environments this person may use for the picked app, then the dialog's own
 * fields. Within Slack's limits (title ≤ 24, ≤ 100 blocks, ≤ 100 options, option text ≤ 75). Pure.
 */
export function dialogView(input: DialogViewInput): SlackView {
  const base = {
    type: 'modal' as const,
    callback_id: DIALOG_CALLBACK_IDS[input.dialog],
    title: plain(TITLES[input.dialog], 24),
    close: plain('Cancel', 24),
    private_metadata: input.metadata,
  };
  const app = input.apps.find((a) => a.name === input.app) ?? input.apps[0];
  if (!app) {
    const text =
      input.dialog === 'destroy'
        ? 'There is no branch environment you may destroy from here.'
        : `There is nothing you may ${SUBMITS[input.dialog].toLowerCase()} from here: ` +
          'no environment of any app lets you.';
    return { ...base, blocks: [{ type: 'section', text: plain(text, 3000) }] };
  }
  const only = app.environments.length === 1 ? app.environments[0] : undefined;
  const env =
    app.environments.find((e) => e === input.environment) ??
    (input.dialog === 'rollback' ? only : (app.environments.find((e) => e === input.defaultEnvironment) ?? only));
  const blocks: unknown[] = [appBlock(input.apps, app.name), environmentBlock(input.dialog, app, env)];
  blocks.push(...fieldsOf(input, app.name, env));
  // Slack wants a submit button on a modal with inputs (a rollback with nothing picked yet says so on submit).
  return { ...base, submit: plain(SUBMITS[input.dialog], 24), blocks };
}

function appBlock(apps: ChoiceApp[], picked: string) {
  const options = apps.slice(0, MAX_OPTIONS).map((a) => option(a.name, a.name));
  return {
    type: 'input',
    block_id: FIELDS.app,
    dispatch_action: true,
    label: plain('App'),
    element: {
      type: 'static_select',
      action_id: FIELDS.app,
      options,
      initial_option: options.find((o) => o.value === picked),
    },
  };
}

function environmentBlock(dialog: DialogKind, app: ChoiceApp, picked: string | undefined) {
  const options = app.environments.slice(0, MAX_OPTIONS).map((e) => option(e, e));
  const initial = options.find((o) => o.value === picked);
  return {
    type: 'input',
    block_id: environmentBlockId(app.name),
    // A rollback's list of deployments follows the environment.
    ...(dialog === 'rollback' ? { dispatch_action: true } : {}),
    label: plain(dialog === 'destroy' ? 'Transient environment' : 'Environment'),
    element: {
      type: 'static_select',
      action_id: FIELDS.environment,
      placeholder: plain('Pick an environment'),
      options,
      ...(initial ? { initial_option: initial } : {}),
    },
  };
}

function fieldsOf(input: DialogViewInput, app: string, env: string | undefined): unknown[] {
  switch (input.dialog) {
    case 'deploy':
      return [
        refBlock(app, input.defaultBranch, false),
        {
          type: 'input',
          block_id: FIELDS.noop,
          optional: true,
          label: plain('Options'),
          element: {
            type: 'checkboxes',
            action_id: FIELDS.noop,
            options: [option('Dry run (noop): the CI runs without deploying', 'noop')],
          },
        },
        textBlock(FIELDS.task, 'Task', 'deploy', 'The deployment task (default: deploy).', 50),
        {
          ...textBlock(FIELDS.params, 'Parameters', 'key=value', 'One key=value a line, passed to the CI.', 3000),
          element: {
            type: 'plain_text_input',
            action_id: FIELDS.params,
            multiline: true,
            max_length: 3000,
            placeholder: plain('key=value'),
          },
        },
      ];
    case 'destroy':
      return [refBlock(app, undefined, true)];
    case 'lock':
      return [
        {
          type: 'input',
          block_id: FIELDS.duration,
          optional: true,
          label: plain('For how long'),
          hint: plain("At most the environment's longest lock (default: that longest)", 150),
          element: {
            type: 'static_select',
            action_id: FIELDS.duration,
            placeholder: plain('The longest allowed'),
            options: LOCK_DURATIONS.map(([text, ms]) => option(text, String(ms))),
          },
        },
        textBlock(FIELDS.reason, 'Reason', 'e.g. testing the migration', 'Shown with the lock.', 500),
      ];
    case 'rollback':
      return env ? [targetBlock(input, app, env)] : [];
  }
}

function refBlock(app: string, defaultBranch: string | undefined, required: boolean) {
  const initial = defaultBranch ? option(defaultBranch, defaultBranch) : undefined;
  return {
    type: 'input',
    block_id: refBlockId(app),
    ...(required ? {} : { optional: true }),
    label: plain(required ? 'Branch' : 'Branch, tag or commit'),
    hint: plain(
      required
        ? 'The branch whose environment to destroy. Type to search.'
        : 'Type to search the branches and tags ' +
            `(empty: the default branch${defaultBranch ? `, ${defaultBranch}` : ''}).`,
      150,
    ),
    element: {
      type: 'external_select',
      action_id: FIELDS.ref,
      min_query_length: 0,
      placeholder: plain(required ? 'Branch' : 'Default branch'),
      ...(initial && !required ? { initial_option: initial } : {}),
    },
  };
}

function textBlock(id: string, label: string, placeholder: string, hint: string, max: number) {
  return {
    type: 'input',
    block_id: id,
    optional: true,
    label: plain(label),
    hint: plain(hint, 150),
    element: { type: 'plain_text_input', action_id: id, max_length: max, placeholder: plain(placeholder) },
  };
}

function targetBlock(input: DialogViewInput, app: string, env: string) {
  if (!input.targets) return { type: 'section', text: plain('Looking up the earlier deployments…') };
  if (input.targets.length === 0)
    return { type: 'section', text: plain(`There is no earlier successful deployment of ${app} to ${env}.`, 3000) };
  const options = input.targets.slice(0, MAX_OPTIONS).map((t) => option(targetText(t, input.nowMs), String(t.id)));
  return {
    type: 'input',
    block_id: targetBlockId(app, env),
    label: plain('Roll back to'),
    element: { type: 'static_select', action_id: FIELDS.target, options, initial_option: options[0] },
  };
}

/** `#42 abc1234 main, 3h ago by alice` (cut to an option's 75 characters). Pure. */
function targetText(t: RollbackTarget, nowMs: number): string {
  const ago = ageOf(t.createdAt, nowMs);
  const ref = /^[0-9a-f]{40}$/.test(t.ref) ? '' : ` ${t.ref}`;
  return `#${t.id} ${t.sha.slice(0, 7)}${ref}, ${ago}${t.creator ? ` by ${t.creator}` : ''}`;
}

function ageOf(iso: string, nowMs: number): string {
  const minutes = Math.max(0, Math.round((nowMs - Date.parse(iso)) / 60_000));
  if (minutes < 60) return `${minutes}m ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)}h ago`;
  return `${Math.round(minutes / 1440)}d ago`;
}
