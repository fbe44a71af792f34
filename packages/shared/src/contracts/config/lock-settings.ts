import { z } from 'zod';
import { parseDuration } from '../parse-duration.js';

const HOUR_MS = 3_600_000;
/** The longest a lock may be held (its line's keys live a day longer). */
export const LOCK_MAX_LIMIT_MS = 7 * 24 * HOUR_MS;

/** A duration such as `30m`, `2h` or `1d`, at most 7 days; kept as written (`lockRules` reads it). */
const lockDuration = z.string().refine(
  (text) => {
    const ms = parseDuration(text);
    return ms !== null && ms <= LOCK_MAX_LIMIT_MS;
  },
  { message: 'expected a duration like 30m, 2h or 1d, at most 7d' },
);

/** How long a lock lasts at most, when it nags its holder, and how long before its end the holder is reminded. */
export const LOCK_DEFAULTS = { lock_max: '8h', lock_nag_after: '4h', lock_remind_before: '10m' };

/** The lock settings of an environment; each one not set is `defaults`'. */
export const environmentLockSettings = {
  /** A lock's longest life here; a lock asked for longer is cut to it. */
  lock_max: lockDuration.optional(),
  /** The holder of a lock held this long is nagged once. */
  lock_nag_after: lockDuration.optional(),
  /** The holder is reminded this long before the lock ends. */
  lock_remind_before: lockDuration.optional(),
};

/** The lock settings of `defaults`. */
export const defaultLockSettings = {
  lock_max: lockDuration.default(LOCK_DEFAULTS.lock_max),
  lock_nag_after: lockDuration.default(LOCK_DEFAULTS.lock_nag_after),
  lock_remind_before: lockDuration.default(LOCK_DEFAULTS.lock_remind_before),
};
