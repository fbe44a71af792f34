import { z } from 'zod';

/** The bot's dialogs (Slack modals): each one's submit is the command of the same name. */
export const DIALOG_KINDS = ['deploy', 'rollback', 'lock', 'destroy'] as const;

export type DialogKind = (typeof DIALOG_KINDS)[number];

const dialog = z.enum(DIALOG_KINDS);
const user = z.object({ slack_user_id: z.string().min(1).max(40), name: z.string().max(200) });
const appName = z.string().min(1).max(63);
const envName = z.string().min(1).max(100);
const channel = z.string().min(1).max(40);

/**
 * Queue `dialogs` (the bot's own), job name = `kind`:
 * - `open`: open a dialog with the request's `trigger_id` (a slash command with no text, a shortcut,
 *   a Home button), app and environment preselected when given. Job id: `dialog-<trigger_id>`.
 * - `update`: the person picked another app or environment: show the choices that follow
 *   (`views.update` with the view's `hash`). Job id: `dialog-<view id>-<action_ts>`.
 * - `refresh-refs`: read a repository's branches and tags from GitHub into the cache the ref
 *   field's suggestions and the submit's check read. Job id: `refs-<repository>-<minute>`.
 */
export const dialogJobSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('open'),
    dialog,
    trigger_id: z.string().min(1).max(200),
    team_id: z.string().min(1).max(40),
    user,
    /** Where it was opened (none from a global shortcut or the Home tab). */
    channel_id: channel.optional(),
    app: appName.optional(),
    environment: envName.optional(),
  }),
  z.object({
    kind: z.literal('update'),
    dialog,
    view_id: z.string().min(1).max(40),
    hash: z.string().min(1).max(200),
    team_id: z.string().min(1).max(40),
    user,
    channel_id: channel.optional(),
    app: appName.optional(),
    environment: envName.optional(),
  }),
  z.object({ kind: z.literal('refresh-refs'), repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/) }),
]);

export type DialogJob = z.infer<typeof dialogJobSchema>;
