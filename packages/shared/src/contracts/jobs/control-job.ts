import { z } from 'zod';

/** Queue `deployment-control`, job name `cancel`: the bot asks heaven to cancel a waiting or running deployment. */
export const controlJobSchema = z.object({
  action: z.literal('cancel'),
  repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  environment: z.string().min(1),
  /** A specific deployment, or the newest waiting/running one of the environment. */
  deployment_id: z.number().int().positive().optional(),
  requested_by: z.object({ slack_user_id: z.string(), name: z.string() }),
  requested_at: z.string(),
});

export type ControlJob = z.infer<typeof controlJobSchema>;
