import {
  addDays,
  parseClock,
  parseDate,
  parseDuration,
  parseWeekday,
  wallTimeAt,
  weekday,
  zonedInstant,
} from '@chatops/shared/contracts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})$/i;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;
/** An ad-hoc freeze ends within this long. */
const MAX_FREEZE_MS = 90 * 86_400_000;

const isPoint = (word: string) =>
  parseDuration(word) !== null ||
  ISO.test(word) ||
  DATE_TIME.test(word) ||
  parseClock(word) !== null ||
  parseDate(word) !== null ||
  parseWeekday(word) !== null;

/**
 * The words of `until <time>` that are the time, and the words after it: `2h`, `1d12h`, `18:00`,
 * `friday [18:00]`, `2026-12-24 [18:00]`, `2026-12-24T18:00`, `2026-12-24T18:00+01:00`. Null when
 * the first word is none of these. Pure: the time is read against a clock by resolveUntil.
 */
export function untilWords(words: string[]): { until: string; rest: string[] } | null {
  const [first = '', second = ''] = words;
  if (!isPoint(first)) return null;
  const twoWords = (parseDate(first) !== null || parseWeekday(first) !== null) && parseClock(second) !== null;
  return twoWords ? { until: `${first} ${second}`, rest: words.slice(2) } : { until: first, rest: words.slice(1) };
}

/**
 * When an `until` time (see untilWords) is, read in `zone` at `nowMs`: a duration from now; a time
 * of day, today or else tomorrow; a weekday, its next one (00:00 unless a time is given); a date (and
 * time) in the zone; or an instant with its offset. It must be after now and within 90 days. Pure.
 */
export function resolveUntil(
  until: string,
  zone: string,
  nowMs: number,
): { ok: true; ms: number } | { ok: false; error: string } {
  const ms = readUntil(until, zone, nowMs);
  if (ms === null) return { ok: false, error: `I cannot read the time "${until}".` };
  if (ms <= nowMs) return { ok: false, error: `${until} (${zone}) is already past.` };
  if (ms - nowMs > MAX_FREEZE_MS) return { ok: false, error: 'A freeze from chat ends within 90 days.' };
  return { ok: true, ms };
}

function readUntil(until: string, zone: string, nowMs: number): number | null {
  const [first = '', second] = until.split(' ');
  const duration = second === undefined ? parseDuration(first) : null;
  if (duration !== null) return nowMs + duration;
  if (ISO.test(first)) return Date.parse(first);
  const dateTime = DATE_TIME.exec(first);
  const [dayWord, clockWord] = dateTime ? [dateTime[1]!, dateTime[2]!] : [first, second];
  const today = wallTimeAt(zone, nowMs);
  const minute = clockWord === undefined ? 0 : parseClock(clockWord);
  if (minute === null) return null;
  const date = parseDate(dayWord);
  if (date) return zonedInstant(zone, { ...date, minute });
  const day = parseWeekday(dayWord);
  if (day !== null) {
    const ahead = (day - weekday(today) + 7) % 7;
    const at = zonedInstant(zone, addDays(today, ahead, minute));
    return at > nowMs ? at : zonedInstant(zone, addDays(today, ahead + 7, minute));
  }
  const clock = parseClock(dayWord);
  if (clock === null || clockWord !== undefined) return null;
  const at = zonedInstant(zone, addDays(today, 0, clock));
  return at > nowMs ? at : zonedInstant(zone, addDays(today, 1, clock));
}
