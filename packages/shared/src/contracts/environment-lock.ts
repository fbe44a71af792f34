import { z } from 'zod';

const holderSchema = z.object({ slack_user_id: z.string(), name: z.string() });

export const environmentLockSchema = z.object({
  repository: z.string(),
  environment: z.string(),
  holder: holderSchema,
  reason: z.string().default(''),
  locked_at: z.string(),
  /** When the lock ends by itself (the next on the waiting list then holds it); none: only an unlock ends it. */
  expires_at: z.string().optional(),
  /** The Slack channel it was taken in: its reminders and its hand-over are posted there. */
  channel: z.string().optional(),
  /** The lock it was handed over from, and what ended that one (a command's trigger or a timer's job id). */
  previous: z.object({ holder: holderSchema, locked_at: z.string(), ended_by: z.string() }).optional(),
});

export type EnvironmentLock = z.infer<typeof environmentLockSchema>;

/** A person waiting for a lock someone else holds: the lock they asked for, without its times. */
export const lockWaiterSchema = z.object({
  holder: holderSchema,
  reason: z.string().default(''),
  /** How long their lock lasts once it is theirs (already cut to the environment's maximum). */
  duration_ms: z.number().int().positive().optional(),
  channel: z.string().optional(),
  joined_at: z.string(),
});

export type LockWaiter = z.infer<typeof lockWaiterSchema>;

/** Which lock: its holder and since when (a lock taken again is another lock). */
export type LockId = { slack_user_id: string; locked_at: string };

/** What `/deploy lock` came to: the lock is theirs, they hold it already, they wait at `place`, or the list is full. */
export type LockOrWait =
  | { kind: 'acquired' }
  | { kind: 'holding'; current: EnvironmentLock }
  | { kind: 'waiting'; current: EnvironmentLock; place: number; joined: boolean }
  | { kind: 'full'; current: EnvironmentLock; waiting: number };

export type HandOver = { ended: false } | { ended: true; next: EnvironmentLock | null };

/** Whether a lock still holds at `nowMs`: it has no end, or its end has not come. Pure. */
export function lockInForce(lock: EnvironmentLock, nowMs: number): boolean {
  return !lock.expires_at || Date.parse(lock.expires_at) > nowMs;
}

/** Whether `lock` is the lock `id` names. Pure. */
export function isLock(lock: EnvironmentLock | null, id: LockId): boolean {
  return lock !== null && lock.holder.slack_user_id === id.slack_user_id && lock.locked_at === id.locked_at;
}

/** The lock the first on the waiting list holds from `nowMs`, handed over from `previous`. Pure. */
export function lockOfWaiter(
  previous: EnvironmentLock,
  waiter: LockWaiter,
  nowMs: number,
  endedBy: string,
): EnvironmentLock {
  return {
    repository: previous.repository,
    environment: previous.environment,
    holder: waiter.holder,
    reason: waiter.reason,
    locked_at: new Date(nowMs).toISOString(),
    ...(waiter.duration_ms ? { expires_at: new Date(nowMs + waiter.duration_ms).toISOString() } : {}),
    ...(waiter.channel ? { channel: waiter.channel } : {}),
    previous: { holder: previous.holder, locked_at: previous.locked_at, ended_by: endedBy },
  };
}

/**
 * Environment locks and their lines. A lock is in force until it is unlocked or its `expires_at`
 * passes; `get` and `list` show only locks in force. The people waiting for one form its waiting list
 * (first come, first served); when a lock ends, the first on the waiting list holds it from then.
 */
export type LockStore = {
  /** Takes the lock if it is free (or its time is over and nobody waits); otherwise returns the lock in force. */
  acquire(lock: EnvironmentLock): Promise<{ acquired: true } | { acquired: false; current: EnvironmentLock }>;
  /** The lock in force, or null. */
  get(repository: string, environment: string): Promise<EnvironmentLock | null>;
  /** The lock as stored, even when its time is over (the timer that ends it reads it). */
  peek(repository: string, environment: string): Promise<EnvironmentLock | null>;
  /** Removes the lock and its waiting list, with no hand-over; returns the lock that was removed, or null. */
  release(repository: string, environment: string): Promise<EnvironmentLock | null>;
  list(): Promise<EnvironmentLock[]>;
  /**
   * Takes the lock if it is free, or puts `waiter` at the end of its waiting list (a second time keeps their
   * place; at most `maxWaiting` wait). A lock whose time is over still makes newcomers wait when
   * someone waits (its timer hands it over); when nobody waits, it is taken.
   */
  lockOrWait(lock: EnvironmentLock, waiter: LockWaiter, maxWaiting: number): Promise<LockOrWait>;
  /** Ends the lock `id` names if it is still the one stored: the first waiting holds it from now, in one step. */
  handOver(repository: string, environment: string, id: LockId, endedBy: string): Promise<HandOver>;
  /** Takes a person out of the waiting list; false when they were not in it. */
  leave(repository: string, environment: string, userId: string): Promise<boolean>;
  /** The waiting list, first first. */
  waiting(repository: string, environment: string): Promise<LockWaiter[]>;
};
