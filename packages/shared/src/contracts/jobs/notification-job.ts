import { z } from 'zod';
import { githubDeploymentSchema, githubDeploymentStatusSchema } from './github-deployment.js';

/**
 * Queue `notifications`, job name `deployment-status`: one GitHub `deployment_status` webhook for the
 * notifier to show. Job id: `status-<status id>`.
 */
export const notificationJobSchema = z.object({
  delivery_id: z.string().min(1),
  repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  deployment: githubDeploymentSchema,
  status: githubDeploymentStatusSchema,
  /** The GitHub user who made the deployment (for deployments made outside chat). */
  sender: z.string().optional(),
});

export type NotificationJob = z.infer<typeof notificationJobSchema>;
