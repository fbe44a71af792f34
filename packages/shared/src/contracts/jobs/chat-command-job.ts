import { z } from 'zod';

const appName = z.string().min(1).max(63);
const envName = z.string().min(1).max(100);

/** A git ref that is safe to hand to any API or CI: no leading '-', no '..', no control or shell characters. */
export const safeRefSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*@\{)[A-Za-z0-9._/-]+(?<![./])$/, 'not a valid git ref');

const paramsSchema = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/), z.string().max(512));

/** What a person asked for, after parsing and resolving aliases. */
export const chatCommandSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('deploy'),
    app: appName,
    ref: safeRefSchema.optional(),
    environment: envName,
    force: z.boolean().default(false),
    /** Why it is forced: what lets an overrider's deployment past a freeze. */
    force_reason: z.string().min(1).max(500).optional(),
    noop: z.boolean().default(false),
    task: z
      .string()
      .regex(/^[a-z0-9][a-z0-9:_-]{0,49}$/)
      .optional(),
    params: paramsSchema.default({}),
    rollback_of: z.number().int().positive().optional(),
  }),
  z.object({ action: z.literal('help') }),
  z.object({ action: z.literal('where'), app: appName }),
  z.object({ action: z.literal('history'), app: appName, environment: envName.optional() }),
  z.object({
    action: z.literal('lock'),
    app: appName,
    environment: envName,
    reason: z.string().max(500).default(''),
    /** `for 2h`: how long it is asked for (the environment's `lock_max` is the most it lasts, and the default). */
    duration_ms: z.number().int().positive().optional(),
  }),
  z.object({ action: z.literal('unlock'), app: appName, environment: envName }),
  z.object({ action: z.literal('locks'), app: appName.optional() }),
  /** The live review environments (of an app): age, last deploy, expiry. */
  z.object({ action: z.literal('reviews'), app: appName.optional() }),
  z.object({
    action: z.literal('rollback'),
    app: appName,
    environment: envName,
    /** The earlier successful deployment to go back to (the rollback dialog's pick); default: the newest before. */
    to: z.number().int().positive().optional(),
  }),
  z.object({ action: z.literal('destroy'), app: appName, environment: envName }),
  z.object({ action: z.literal('cancel'), app: appName, environment: envName }),
  z.object({ action: z.literal('health'), app: appName, environment: envName.optional() }),
  /** The DORA figures of an app's environment (default: its production one) from chatops' records. */
  z.object({ action: z.literal('stats'), app: appName, environment: envName.optional() }),
  /** Deploys to the app (or one environment) refused until `until` (as typed, read in the worker). */
  z.object({
    action: z.literal('freeze'),
    app: appName,
    environment: envName.optional(),
    until: z.string().min(1).max(40),
    reason: z.string().min(1).max(500),
  }),
  z.object({ action: z.literal('unfreeze'), app: appName, environment: envName.optional() }),
  z.object({ action: z.literal('freezes'), app: appName.optional() }),
  /** A press of a confirmation button. */
  z.object({
    action: z.literal('confirm'),
    confirmation_id: z.string().min(1).max(100),
    decision: z.enum(['confirm', 'cancel']),
  }),
  /** A press of a button on a deployment's message (Promote, Rollback, Cancel): only its server-side id. */
  z.object({ action: z.literal('press'), button_id: z.string().min(1).max(100) }),
  /** A press of Approve or Reject on an approval request (or the request's expiry, scheduled when it was asked). */
  z.object({
    action: z.literal('approve'),
    request_id: z.string().min(1).max(100),
    decision: z.enum(['approve', 'reject', 'expire']),
    /** Why it is rejected (typed in the request's reason field). */
    reason: z.string().max(500).optional(),
  }),
]);

export type ChatCommand = z.infer<typeof chatCommandSchema>;

/**
 * Queue `chat-commands`, job name = the command's action. Job id: `slack-<trigger_id>` (a dialog's submit:
 * `view-<view id>`).
 */
export const chatCommandJobSchema = z.object({
  trigger_id: z.string().min(1),
  team_id: z.string().min(1),
  channel_id: z.string().min(1),
  requester: z.object({ slack_user_id: z.string().min(1), name: z.string() }),
  /** Where the person is answered; none for a dialog's submit (answered with chat.postEphemeral in `channel_id`). */
  response_url: z.string().url().optional(),
  received_at: z.string(),
  /** An @-mention's: the person is answered in this thread of `channel_id` (chat.postMessage), not response_url. */
  thread_ts: z
    .string()
    .regex(/^\d{1,12}\.\d{1,8}$/)
    .optional(),
  command: chatCommandSchema,
});

export type ChatCommandJob = z.infer<typeof chatCommandJobSchema>;
