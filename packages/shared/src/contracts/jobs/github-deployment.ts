import { z } from 'zod';

/** The parts of a GitHub Deployment object (webhook or REST) that chatops reads. */
export const githubDeploymentSchema = z.object({
  id: z.number().int().positive(),
  sha: z.string().min(1),
  ref: z.string().min(1),
  task: z.string().default('deploy'),
  environment: z.string().min(1),
  original_environment: z.string().optional(),
  description: z.string().nullable().default(null),
  /** Free-form: an object, or a JSON string. Read `chatops` from it with readChatopsPayload. */
  payload: z.unknown(),
  creator: z.object({ login: z.string() }).nullable().default(null),
  created_at: z.string(),
  updated_at: z.string().optional(),
  transient_environment: z.boolean().default(false),
  production_environment: z.boolean().default(false),
  performed_via_github_app: z.object({ id: z.number(), slug: z.string().optional() }).nullable().optional(),
});

export type GithubDeployment = z.infer<typeof githubDeploymentSchema>;

export const deploymentStateSchema = z.enum([
  'pending',
  'queued',
  'in_progress',
  'waiting',
  'success',
  'failure',
  'error',
  'inactive',
]);

export type DeploymentState = z.infer<typeof deploymentStateSchema>;

export const FINAL_STATES: readonly DeploymentState[] = ['success', 'failure', 'error', 'inactive'];

export const githubDeploymentStatusSchema = z.object({
  id: z.number().int().positive(),
  state: deploymentStateSchema,
  description: z.string().nullable().default(null),
  environment: z.string().optional(),
  environment_url: z.string().nullable().default(null),
  log_url: z.string().nullable().default(null),
  target_url: z.string().nullable().default(null),
  created_at: z.string(),
  creator: z.object({ login: z.string() }).nullable().default(null),
});

export type GithubDeploymentStatus = z.infer<typeof githubDeploymentStatusSchema>;
