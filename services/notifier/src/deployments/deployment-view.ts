import { z } from 'zod';

/** Everything the deployment message shows; kept in Redis so any later job can render it again. */
export const deploymentViewSchema = z.object({
  deploymentId: z.number(),
  repository: z.string(),
  app: z.string(),
  environment: z.string(),
  ref: z.string(),
  sha: z.string(),
  task: z.string(),
  production: z.boolean(),
  noop: z.boolean(),
  forced: z.boolean(),
  rollbackOf: z.number().nullable(),
  /** The Slack user ids of who approved it (an environment with `approval`; from a signed payload only). */
  approvedBy: z.array(z.string()).optional(),
  requester: z.object({
    slackUserId: z.string().optional(),
    name: z.string().optional(),
    githubLogin: z.string().optional(),
  }),
  state: z.string(),
  description: z.string().nullable(),
  logUrl: z.string().nullable(),
  environmentUrl: z.string().nullable(),
  previousSha: z.string().nullable(),
  timeline: z.object({
    requested: z.string(),
    queued: z.string().optional(),
    started: z.string().optional(),
    finished: z.string().optional(),
  }),
  health: z.object({ healthy: z.boolean(), text: z.string() }).optional(),
  superseded: z.boolean().default(false),
  appliedStatusIds: z.array(z.number()).default([]),
});

export type DeploymentView = z.infer<typeof deploymentViewSchema>;

const FINAL = new Set(['success', 'failure', 'error']);

/** How far a state is along a deployment's life: a status never moves a message backwards. */
export function stateRank(state: string): number {
  if (state === 'pending' || state === 'queued') return 1;
  if (state === 'waiting') return 2;
  if (state === 'in_progress') return 3;
  if (FINAL.has(state)) return 4;
  if (state === 'inactive') return 5;
  return 0;
}

export function isFinal(state: string): boolean {
  return FINAL.has(state);
}
