import { z } from 'zod';

/**
 * Queue `protection-rules` (heaven → bot): a GitHub Actions run waits at an environment whose custom
 * deployment protection rule is chatops' GitHub App (GitHub's `deployment_protection_rule` webhook,
 * action `requested`). `check` asks the approvers (or decides by freezes and locks alone); the bot's
 * own delayed `recheck` looks again when a freeze it waits for ends.
 * Job id: `protection-<repository>-<run id>-<environment>-<deployment id>` (a re-run of the run
 * waits again with a new deployment); the bot's own: `recheck-run-…-<freeze end>`, `expire-run-…`.
 */
export const protectionRuleJobSchema = z.object({
  repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  environment: z.string().min(1).max(255),
  run_id: z.number().int().positive(),
  /** The deployment the waiting job would make (each attempt of a run has its own). */
  deployment_id: z.number().int().positive().optional(),
  ref: z.string().max(255),
  sha: z.string().regex(/^[0-9a-f]{40}$/),
  /** The run's page. */
  run_url: z.string().url(),
  /** Who started the run on GitHub (a login, shown as it is, escaped). */
  sender: z.string().max(100),
});

export type ProtectionRuleJob = z.infer<typeof protectionRuleJobSchema>;
