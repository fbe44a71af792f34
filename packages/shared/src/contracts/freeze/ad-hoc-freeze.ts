import { z } from 'zod';

/**
 * A freeze an overrider set from chat (`/deploy freeze APP [ENV] until … REASON`): of one app, or of
 * one of its environments. Kept in Redis until it ends (`FreezeStore`).
 */
export const adHocFreezeSchema = z.object({
  /** The config app's name. */
  app: z.string().min(1),
  /** The config environment's name; null: every environment of the app. */
  environment: z.string().min(1).nullable(),
  reason: z.string().max(500),
  /** When it ends (ISO). */
  until: z.string(),
  by: z.object({ slack_user_id: z.string(), name: z.string() }),
  at: z.string(),
});

export type AdHocFreeze = z.infer<typeof adHocFreezeSchema>;

/** Ad-hoc freezes, shared by the bot (freeze, unfreeze, freezes, deploy) and heaven (start, auto-deploy). */
export type FreezeStore = {
  /** Sets it (replacing the app's or environment's earlier one); it lives until it ends, by `nowMs`. */
  set(freeze: AdHocFreeze, nowMs: number): Promise<void>;
  /** Removes the app's (environment null) or environment's one; returns it, or null when there was none. */
  remove(app: string, environment: string | null): Promise<AdHocFreeze | null>;
  /** Every one still kept (of one app, when given). */
  list(app?: string): Promise<AdHocFreeze[]>;
};
