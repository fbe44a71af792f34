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
]);

export type CiEventJob = z.infer<typeof ciEventJobSchema>;
