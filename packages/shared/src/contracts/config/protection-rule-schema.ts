import { z } from 'zod';

/**
 * `protection_rule:` of an environment: how chatops answers GitHub Actions runs that wait at it (the
 * GitHub App as the environment's custom deployment protection rule). `when_frozen: reject` (the
 * default) rejects a run at once with the freeze's reason; `wait` comments that it waits and decides
 * when the freeze ends.
 */
export const protectionRuleSchema = z
  .object({
    when_frozen: z.enum(['reject', 'wait']).default('reject'),
  })
  .strict();

export type ProtectionRuleConfig = z.infer<typeof protectionRuleSchema>;
