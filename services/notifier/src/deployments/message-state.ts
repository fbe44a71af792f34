import { z } from 'zod';
import { deploymentViewSchema } from './deployment-view.js';

/** The notifier's state of a deployment's Slack message: what it shows, and what was sent once. */
const messageStateSchema = z.object({
  view: deploymentViewSchema,
  /** The result reply went to the message's thread. */
  resultReplied: z.boolean().default(false),
  /** The production result went to the environment's channel. */
  productionNotified: z.boolean().default(false),
  /** The opaque id of each button the message offered (promote, rollback, cancel): one per action. */
  buttons: z.record(z.string(), z.string()).default({}),
});

export type MessageState = z.infer<typeof messageStateSchema>;

/** A stored state, or null when absent or unreadable. */
export function parseMessageState(raw: string | null | undefined): MessageState | null {
  if (!raw) return null;
  try {
    const parsed = messageStateSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
