import { teardownReasonSchema } from '@chatops/shared/contracts';
import { z } from 'zod';

/**
 * Queue `ci-events` (heaven → heaven): news from a CI or from commit checks. Job ids say what the news
 * is about (route-github-event.ts, circleci-webhooks.ts), never which delivery brought it.
 */
export const ciEventJobSchema = z.discriminatedUnion('kind', [
  /** CircleCI `workflow-completed`: look at the pipeline's deployment now. */
  z.object({ kind: z.literal('circleci-workflow'), pipeline_id: z.string().min(1), status: z.string().optional() }),
  /** GitHub `workflow_run`: look at the run's deployment now. */
  z.object({ kind: z.literal('workflow-run'), run_id: z.number().int().positive(), title: z.string().default('') }),
  /** A commit status or check suite turned green: maybe auto-deploy. */
  z.object({
    kind: z.literal('commit-green'),
    repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
    sha: z.string().regex(/^[0-9a-f]{40}$/),
  }),
  /** A branch's pull request closed or merged, or the branch deleted: tear its review environments down. */
  z.object({
    kind: z.literal('branch-closed'),
    repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
    branch: z.string().min(1).max(255),
    reason: teardownReasonSchema.extract(['pr-closed', 'pr-merged', 'branch-deleted']),
    pr: z.number().int().positive().optional(),
  }),
]);

export type CiEventJob = z.infer<typeof ciEventJobSchema>;
