import { jobId, type DialogJob, type DialogKind } from '@chatops/shared/contracts';
import { z } from 'zod';
import {
  DIALOG_CALLBACK_IDS,
  FIELDS,
  GLOBAL_SHORTCUTS,
  MESSAGE_SHORTCUTS,
  OPEN_DIALOG_ACTIONS,
} from '../dialogs/dialog-ids.js';
import { readDialogMetadata } from '../dialogs/dialog-metadata.js';
import type { StateValues } from '../dialogs/read-dialog-submission.js';

/** A dialog's view as a block_actions or view_submission payload carries it. */
type PayloadView = {
  id: string;
  hash: string;
  callback_id: string;
  private_metadata: string;
  values: StateValues;
};

/**
 * What an interaction is to the dialogs: a dialog to open or show again (its job), a dialog's
 * submit (answered in the HTTP response), or nothing of theirs.
 */
export type DialogInteraction =
  | { kind: 'job'; job: DialogJob; jobId: string }
  | { kind: 'submit'; dialog: DialogKind; view: PayloadView; user: { id: string; name: string }; team: string }
  | { kind: 'none' };

const selected = z.object({ value: z.string().max(150) }).nullish();
const payloadSchema = z.object({
  type: z.string(),
  callback_id: z.string().optional(),
  trigger_id: z.string().min(1).max(200).optional(),
  action_ts: z.string().optional(),
  team: z.object({ id: z.string().min(1) }).nullish(),
  user: z.object({ id: z.string().min(1).max(40), name: z.string().optional(), username: z.string().optional() }),
  channel: z.object({ id: z.string().min(1).max(40) }).nullish(),
  container: z
    .object({ channel_id: z.string().max(40).optional() })
    .passthrough()
    .nullish(),
  actions: z
    .array(
      z.object({
        action_id: z.string(),
        value: z.string().max(2000).optional(),
        action_ts: z.string().optional(),
        selected_option: selected,
      }),
    )
    .optional(),
  view: z
    .object({
      id: z.string().min(1).max(40),
      hash: z.string().max(200).default(''),
      callback_id: z.string().default(''),
      private_metadata: z.string().max(3000).default(''),
      state: z.object({ values: z.record(z.string(), z.record(z.string(), z.any())) }).default({ values: {} }),
    })
    .nullish(),
});

type Payload = z.infer<typeof payloadSchema>;

const DIALOG_OF_CALLBACK = new Map(Object.entries(DIALOG_CALLBACK_IDS).map(([k, v]) => [v, k as DialogKind]));
const none: DialogInteraction = { kind: 'none' };

/**
 * Reads an interaction payload (already signature-checked) for the dialogs: a global or message
 * shortcut or an "open dialog" button (with a trigger_id) opens one; a new app (or a rollback's
 * environment) picked in one shows it again; a dialog's submit. The channel a dialog remembers is
 * believed only with the bot's signature (`private_metadata`). Pure.
 */
export function readDialogInteraction(json: unknown, secret: string, receivedAt: string): DialogInteraction {
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) return none;
  const p = parsed.data;
  const team = p.team?.id;
  if (!team) return none;
  const user = { slack_user_id: p.user.id, name: (p.user.name ?? p.user.username ?? '').slice(0, 200) };
  const open = (
    dialog: DialogKind,
    channel: string | undefined,
    preset: { app?: string; environment?: string } = {},
  ) =>
    p.trigger_id
      ? job(
          {
            kind: 'open',
            dialog,
            trigger_id: p.trigger_id,
            team_id: team,
            user,
            ...(channel ? { channel_id: channel } : {}),
            ...preset,
          },
          jobId('dialog', p.trigger_id),
        )
      : none;
  if (p.type === 'shortcut' && p.callback_id && GLOBAL_SHORTCUTS[p.callback_id])
    return open(GLOBAL_SHORTCUTS[p.callback_id]!, undefined);
  if (p.type === 'message_action' && p.callback_id && MESSAGE_SHORTCUTS[p.callback_id])
    return open(MESSAGE_SHORTCUTS[p.callback_id]!, p.channel?.id);
  if (p.type === 'view_submission' && p.view) {
    const dialog = DIALOG_OF_CALLBACK.get(p.view.callback_id);
    if (!dialog) return none;
    return {
      kind: 'submit',
      dialog,
      view: viewOf(p.view),
      user: { id: user.slack_user_id, name: user.name },
      team,
    };
  }
  if (p.type !== 'block_actions') return none;
  const action = p.actions?.[0];
  if (!action) return none;
  const opens = OPEN_DIALOG_ACTIONS[action.action_id];
  if (opens) return open(opens, p.container?.channel_id ?? p.channel?.id, presetOf(action.value));
  const dialog = p.view ? DIALOG_OF_CALLBACK.get(p.view.callback_id) : undefined;
  if (!p.view || !dialog || (action.action_id !== FIELDS.app && action.action_id !== FIELDS.environment)) return none;
  const view = viewOf(p.view);
  // Only a dialog the bot opened for this person, as this dialog (its signed metadata), is shown again:
  // never another person's view (its view_id), nor one whose metadata was tampered with.
  const meta = readDialogMetadata(secret, view.private_metadata, user.slack_user_id);
  if (meta?.dialog !== dialog) return none;
  const app =
    action.action_id === FIELDS.app
      ? action.selected_option?.value
      : view.values[FIELDS.app]?.[FIELDS.app]?.selected_option?.value;
  const environment = action.action_id === FIELDS.environment ? action.selected_option?.value : undefined;
  return job(
    {
      kind: 'update',
      dialog,
      view_id: view.id,
      hash: view.hash || 'none',
      team_id: team,
      user,
      ...(meta.channel ? { channel_id: meta.channel } : {}),
      ...(app ? { app: app.slice(0, 63) } : {}),
      ...(environment ? { environment: environment.slice(0, 100) } : {}),
    },
    jobId('dialog', view.id, action.action_ts ?? receivedAt),
  );
}

function job(data: DialogJob, id: string): DialogInteraction {
  return { kind: 'job', job: data, jobId: id };
}

function viewOf(v: NonNullable<Payload['view']>): PayloadView {
  return {
    id: v.id,
    hash: v.hash,
    callback_id: v.callback_id,
    private_metadata: v.private_metadata,
    values: v.state.values as StateValues,
  };
}

/** The app and environment an "open dialog" button preselects: its value `{"app":…,"environment":…}`. */
function presetOf(value: string | undefined): { app?: string; environment?: string } {
  try {
    const v = JSON.parse(value ?? '{}') as Record<string, unknown>;
    const app = typeof v.app === 'string' && v.app ? v.app.slice(0, 63) : undefined;
    const environment = typeof v.environment === 'string' && v.environment ? v.environment.slice(0, 100) : undefined;
    return { ...(app ? { app } : {}), ...(environment ? { environment } : {}) };
  } catch {
    return {};
  }
}
