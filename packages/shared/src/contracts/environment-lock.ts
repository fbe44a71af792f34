import { z } from 'zod';

export const environmentLockSchema = z.object({
  repository: z.string(),
  environment: z.string(),
  holder: z.object({ slack_user_id: z.string(), name: z.string() }),
  reason: z.string().default(''),
  locked_at: z.string(),
});

export type EnvironmentLock = z.infer<typeof environmentLockSchema>;

export type LockStore = {
  /** Takes the lock if it is free; otherwise returns the current holder's lock. */
  acquire(lock: EnvironmentLock): Promise<{ acquired: true } | { acquired: false; current: EnvironmentLock }>;
  get(repository: string, environment: string): Promise<EnvironmentLock | null>;
  /** Removes the lock; returns the lock that was removed, or null if there was none. */
  release(repository: string, environment: string): Promise<EnvironmentLock | null>;
  list(): Promise<EnvironmentLock[]>;
};
