import { z } from 'zod';

/**
 * Queue `lock-timers` (the bot's own, delayed jobs), job name = `kind`: `remind` the holder a while
 * before their lock ends, `nag` them once when they have held it `lock_nag_after`, `expire` ends it
 * (the next on the waiting list then holds it). A job names its lock (holder and since): a lock unlocked or taken
 * again in the meantime is another one, and the job does nothing.
 * Job id: `lock-<kind>-<repository>-<environment>-<holder>-<since in ms>`.
 */
export const lockTimerJobSchema = z.object({
  kind: z.enum(['remind', 'nag', 'expire']),
  app: z.string().min(1),
  repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  environment: z.string().min(1),
  holder: z.string().min(1),
  locked_at: z.string().min(1),
});

export type LockTimerJob = z.infer<typeof lockTimerJobSchema>;
