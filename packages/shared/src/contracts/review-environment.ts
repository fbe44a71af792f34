import { z } from 'zod';

/** A transient environment's branch environments expire after this many hours without a deployment. */
export const REVIEW_TTL_HOURS_DEFAULT = 72;

/** The `ttl_hours` of a (transient) config environment, or the default. */
export function reviewTtlHours(env: { ttl_hours?: number | undefined }): number {
  return env.ttl_hours ?? REVIEW_TTL_HOURS_DEFAULT;
}

/** Why a review environment is torn down. */
export const teardownReasonSchema = z.enum(['expired', 'pr-closed', 'pr-merged', 'branch-deleted', 'destroyed']);

export type TeardownReason = z.infer<typeof teardownReasonSchema>;

/**
 * A live review environment (a branch environment `review-<slug>` of a transient config
 * environment), as heaven records it when a deployment there starts and ends. Times in ms.
 */
export const reviewEnvironmentSchema = z.object({
  repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  /** The config app's name. */
  app: z.string().min(1),
  /** The config environment's name (`review`). */
  config_environment: z.string().min(1),
  /** The GitHub environment (`review-feat-x`). */
  environment: z.string().min(1),
  /** The branch deployed there (the signed `chatops.branch`, else the deployment's ref). */
  branch: z.string().min(1),
  /** The last deployed commit (a teardown deploys it: the branch may be gone). */
  sha: z.string().regex(/^[0-9a-f]{40}$/),
  /** The pull request, once a `pull_request` webhook named it. */
  pr: z.number().int().positive().optional(),
  created_at: z.number().int().nonnegative(),
  last_deploy_at: z.number().int().nonnegative(),
  last_deployment_id: z.number().int().positive(),
  /** The Slack channel of the last deploy made from chat (its signed payload). */
  channel: z.string().min(1).optional(),
  /** Set once, by whoever claims its teardown (HSETNX). */
  teardown: z
    .object({
      reason: teardownReasonSchema,
      at: z.number().int().nonnegative(),
      /** The destroy deployment, once created. */
      destroy_id: z.number().int().positive().optional(),
    })
    .optional(),
});

export type ReviewEnvironment = z.infer<typeof reviewEnvironmentSchema>;

/** What a deployment tells about its review environment (the store keeps `created_at` and `pr`). */
export type ReviewDeployment = Omit<ReviewEnvironment, 'created_at' | 'pr' | 'teardown'>;

/** The live review environments, by repository + GitHub environment: written by heaven, read by the bot too. */
export type ReviewEnvironmentStore = {
  /** Records a deployment there (created at `at` the first time). */
  touch(deployment: ReviewDeployment, at: number): Promise<void>;
  get(repository: string, environment: string): Promise<ReviewEnvironment | null>;
  /** Every live review environment, oldest first. */
  list(): Promise<ReviewEnvironment[]>;
  /** True for the first claim of its teardown only (of any heaven, for any reason). */
  claimTeardown(
    repository: string,
    environment: string,
    teardown: { reason: TeardownReason; at: number; pr?: number },
  ): Promise<boolean>;
  /** Notes the destroy deployment of a claimed teardown. */
  setDestroy(repository: string, environment: string, destroyId: number): Promise<void>;
  /** Forgets it (torn down). */
  remove(repository: string, environment: string): Promise<void>;
};
