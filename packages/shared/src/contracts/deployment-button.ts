import { z } from 'zod';

/** What a button on a deployment's message does: the same as `/deploy` of the presser would. */
export const deploymentButtonActionSchema = z.enum(['promote', 'rollback', 'cancel']);

export type DeploymentButtonAction = z.infer<typeof deploymentButtonActionSchema>;

/** The `action_id` of each button (the value carries only the button's id). */
export const DEPLOYMENT_BUTTON_ACTION_IDS: Record<DeploymentButtonAction, string> = {
  promote: 'chatops_promote',
  rollback: 'chatops_rollback',
  cancel: 'chatops_cancel_deployment',
};

/** How long a button's meaning is kept (a press after that is told to use the command). */
export const DEPLOYMENT_BUTTON_TTL_SECONDS = 30 * 24 * 3600;

/**
 * What a button on a deployment's message means, kept server-side under an opaque id (the notifier
 * writes it, the bot reads it on a press): the button carries nothing else.
 */
export const deploymentButtonSchema = z.object({
  action: deploymentButtonActionSchema,
  deployment_id: z.number().int().positive(),
  repository: z.string().min(1),
  /** The config app's name. */
  app: z.string().min(1),
  /** The config environment's name. */
  environment: z.string().min(1),
  /** The deployment's GitHub environment (a branch environment's `review-<slug>`). */
  github_environment: z.string().min(1),
  sha: z.string().regex(/^[0-9a-f]{40}$/),
  /** The deployment's ref (a branch, a tag or the sha). */
  ref: z.string().min(1),
  /** Promote: the config environment it deploys the sha to (`promote_to`). */
  target_environment: z.string().min(1).optional(),
  created_at: z.string(),
});

export type DeploymentButton = z.infer<typeof deploymentButtonSchema>;

/** The buttons' meanings, by id: written by the notifier, read by the bot. */
export type DeploymentButtonStore = {
  /** Keeps what the button `id` means for `DEPLOYMENT_BUTTON_TTL_SECONDS`. */
  save(id: string, button: DeploymentButton): Promise<void>;
  /** What it means, or null (never saved, expired, unreadable). */
  get(id: string): Promise<DeploymentButton | null>;
  /**
   * The press of button `id` by `userId` is `press`'s (a job's trigger): true for the first press and
   * for that same press again (a retried job); false for any later press of theirs.
   */
  claimPress(id: string, userId: string, press: string): Promise<boolean>;
};
