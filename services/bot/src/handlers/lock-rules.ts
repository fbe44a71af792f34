import {
  parseDuration,
  type AppsConfig,
  type EnvironmentConfig,
  type EnvironmentLock,
  type LockTimerJob,
} from '@chatops/shared/contracts';

/** At most this many people wait for one lock. */
export const WAITING_MAX = 10;

type LockRules = { maxMs: number; nagAfterMs: number; remindBeforeMs: number };

/** The lock settings of an environment: its own, else `defaults'` (durations the config schema checked). Pure. */
export function lockRules(config: AppsConfig, environment: EnvironmentConfig): LockRules {
  const d = config.defaults;
  const ms = (text: string) => parseDuration(text) ?? 0;
  return {
    maxMs: ms(environment.lock_max ?? d.lock_max),
    nagAfterMs: ms(environment.lock_nag_after ?? d.lock_nag_after),
    remindBeforeMs: ms(environment.lock_remind_before ?? d.lock_remind_before),
  };
}

/** How long a lock lasts: what was asked (`for 2h`), cut to the environment's maximum, which is also the default. */
export function lockLength(askedMs: number | undefined, rules: LockRules): { ms: number; cut: boolean } {
  if (askedMs === undefined) return { ms: rules.maxMs, cut: false };
  return askedMs > rules.maxMs ? { ms: rules.maxMs, cut: true } : { ms: askedMs, cut: false };
}

type LockTimer = { kind: LockTimerJob['kind']; atMs: number };

/**
 * When a lock's timers fire: the nag once it has been held `nagAfterMs` (unless the reminder comes
 * first), the reminder `remindBeforeMs` before its end (when it lasts longer than that), and its end. Pure.
 */
export function lockTimers(lock: EnvironmentLock, rules: LockRules): LockTimer[] {
  const since = Date.parse(lock.locked_at);
  const end = lock.expires_at ? Date.parse(lock.expires_at) : Number.POSITIVE_INFINITY;
  const remindAt = end - rules.remindBeforeMs;
  const nagAt = since + rules.nagAfterMs;
  const timers: LockTimer[] = [];
  if (nagAt < remindAt) timers.push({ kind: 'nag', atMs: nagAt });
  if (Number.isFinite(end) && remindAt > since) timers.push({ kind: 'remind', atMs: remindAt });
  if (Number.isFinite(end)) timers.push({ kind: 'expire', atMs: end });
  return timers;
}
