import { z } from 'zod';
import { deploymentViewSchema } from './deployment-view.js';

/** The notifier's state of a deployment's Slack message: what it shows, and what was sent once. */
export const messageStateSchema = z.object({
  view: deploymentViewSchema,
  /** The result reply went to the message's thread. */
  resultReplied: z.boolean().default(false),
  /** The production result went to the environment's channel. */
  productionNotified: z.boolean().default(false),
});

export type MessageState = z.infer<typeof messageStateSchema>;
