import { z } from 'zod';
import { githubDeploymentSchema } from './github-deployment.js';

/** Queue `deployments`, job name `run`: a GitHub `deployment` webhook for heaven to run. Job id: `deployment-<id>`. */
export const deploymentJobSchema = z.object({
  delivery_id: z.string().min(1),
  repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  deployment: githubDeploymentSchema,
});

export type DeploymentJob = z.infer<typeof deploymentJobSchema>;
