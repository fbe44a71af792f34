import { z } from 'zod';

/**
 * Queue `health-checks`. Job names: `probe` (asked by a person through the bot; the answer goes to
 * `reply`), `monitor` (the repeatable per-environment monitor), `post-deploy` (after a success).
 */
export const healthCheckJobSchema = z.object({
  app: z.string().min(1),
  environment: z.string().min(1),
  reply: z
    .object({
      response_url: z.string().url().optional(),
      channel: z.string().optional(),
      user_id: z.string().optional(),
      /** When the person asked: a response_url takes posts for 30 minutes. */
      received_at: z.string().optional(),
    })
    .optional(),
  deployment_id: z.number().int().positive().optional(),
});

export type HealthCheckJob = z.infer<typeof healthCheckJobSchema>;
