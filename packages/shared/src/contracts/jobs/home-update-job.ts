import { z } from 'zod';
import { deploymentStateSchema } from './github-deployment.js';

/**
 * Queue `home-updates`, job name `deployment`: a deployment of a configured app changed state (the
 * notifier saw a status that moved its message), told to the bot so the Home tabs that show the app
 * are published again. What the bot shows of it comes from here only (and the locks and freezes it
 * reads itself). Job id: `home-<deployment id>-<status id>`.
 */
export const homeUpdateJobSchema = z.object({
  /** The config app's name. */
  app: z.string().min(1).max(63),
  repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  /** The config environment's name (a branch environment's: its transient environment). */
  environment: z.string().min(1).max(100),
  /** GitHub's name of the environment (`review-feature-x` for a branch environment). */
  github_environment: z.string().min(1).max(255),
  deployment_id: z.number().int().positive(),
  /**
   * The status that moved it: a later one (a higher id) replaces what an earlier one said. 0: read from
   * GitHub by the bot itself (an environment it had heard nothing of), replaced by any status told.
   */
  status_id: z.number().int().nonnegative(),
  state: deploymentStateSchema,
  ref: z.string().min(1).max(255),
  sha: z.string().min(1).max(64),
  task: z.string().max(100),
  /** Who asked: a Slack user (signed payload only) or a GitHub login. */
  requester: z.object({
    slack_user_id: z.string().max(40).optional(),
    name: z.string().max(200).optional(),
    github_login: z.string().max(100).optional(),
  }),
  log_url: z.string().max(2000).nullable(),
  created_at: z.string(),
  /** When it took this state (the status's time). */
  updated_at: z.string(),
});

export type HomeUpdateJob = z.infer<typeof homeUpdateJobSchema>;

const slackUser = z.string().regex(/^[UW][A-Z0-9]{2,}$/);

/**
 * Queue `home-tab` (the bot's own), job name = `kind`:
 * - `publish`: publish one person's Home tab with what holds when it runs. Job id
 *   `home-open-<user>-<event id>` when they opened it (a redelivered event is one job), else
 *   `home-publish-<user>-<window>`, delayed to the window's end: every change within a few seconds
 *   comes to one publish, after the last of them.
 * - `press`: Unlock or Cancel pressed in a Home tab (what opens a dialog goes to `dialogs`): that
 *   command, checked again as typed. Job id `home-press-<trigger_id>`.
 */
export const homeTabJobSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('publish'),
    user_id: slackUser,
    /** They opened Home (not a refresh): they are shown changes of its apps for a while. */
    opened: z.boolean().default(false),
  }),
  z.object({
    kind: z.literal('press'),
    action: z.enum(['unlock', 'cancel']),
    app: z.string().min(1).max(63),
    environment: z.string().min(1).max(100),
    user: z.object({ slack_user_id: slackUser, name: z.string().max(200) }),
    team_id: z.string().min(1).max(40),
    trigger_id: z.string().min(1).max(200),
    received_at: z.string(),
  }),
]);

export type HomeTabJob = z.infer<typeof homeTabJobSchema>;
