import { z } from 'zod';
import { teardownReasonSchema } from '../review-environment.js';

/**
 * Queue `announcements` (heaven → notifier), job name `review-teardown`: a review environment was
 * torn down; the notifier says so in its channel once. Job id: `teardown-<destroy deployment id>`.
 */
export const reviewTeardownJobSchema = z.object({
  repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  /** The config app and environment, when the config still has them. */
  app: z.string().min(1).optional(),
  config_environment: z.string().min(1).optional(),
  /** The GitHub environment torn down (`review-feat-x`). */
  environment: z.string().min(1),
  branch: z.string().min(1).optional(),
  reason: teardownReasonSchema,
  pr: z.number().int().positive().optional(),
  ttl_hours: z.number().positive().optional(),
  destroy_id: z.number().int().positive(),
  /** How many deployments were marked inactive. */
  inactive: z.number().int().nonnegative(),
  /** deleted; stays (no permission: `forbidden`); or GitHub refused otherwise. */
  github_environment: z.enum(['deleted', 'forbidden', 'failed']),
  /** The channel of the last deploy there, else the notifier picks the configured one. */
  channel: z.string().min(1).optional(),
});

export type ReviewTeardownJob = z.infer<typeof reviewTeardownJobSchema>;
