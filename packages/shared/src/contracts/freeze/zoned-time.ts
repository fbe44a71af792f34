/**
 * Wall-clock time in an IANA time zone, with Intl only (no time-zone library): what a configured
 * freeze's `fri 16:00` is as an instant, daylight saving included. Pure.
 */

/** A calendar date and a minute of its day, as a clock on the wall of some zone shows them. */
export type WallTime = { year: number; month: number; day: number; minute: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True for a time-zone name this Node knows (IANA names such as `Europe/Oslo`, and `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall time in `zone` at an instant (seconds dropped). */
export function wallTimeAt(zone: string, ms: number): WallTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    minute: (parts.hour! % 24) * 60 + parts.minute!,
    second: parts.second!,
  };
}

/** How far `zone` is ahead of UTC at an instant, in ms. */
function offsetAt(zone: string, ms: number): number {
  const w = wallTimeAt(zone, ms);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, 0, w.minute, w.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

const DAY_MS = 86_400_000;

/**
 * The instant a wall time of `zone` names. A time that happens twice (the hour clocks go back) is
 * the first; one that never happens (the hour clocks skip) is moved on by the skipped length, as
 * clocks are (02:30 on the spring-forward night in Oslo is 03:30).
 */
export function zonedInstant(zone: string, wall: WallTime): number {
  const local = Date.UTC(wall.year, wall.month - 1, wall.day, 0, wall.minute);
  const candidates = [offsetAt(zone, local - DAY_MS), offsetAt(zone, local + DAY_MS)].map((o) => local - o);
  const valid = candidates.filter((t) => t + offsetAt(zone, t) === local);
  return valid.length > 0 ? Math.min(...valid) : candidates[0]!;
}

/** The calendar date `days` after a wall time's date (negative: before), at `minute` of that day. */
export function addDays(wall: WallTime, days: number, minute = wall.minute): WallTime {
  const d = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), minute };
}

/** The weekday of a wall time's date: 0 Monday … 6 Sunday. */
export function weekday(wall: WallTime): number {
  return (new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay() + 6) % 7;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const two = (n: number) => String(n).padStart(2, '0');

/** An instant as people read it in a zone: `Mon 2026-12-07 08:00 Europe/Oslo`. */
export function formatZoned(ms: number, zone: string): string {
  const w = wallTimeAt(zone, ms);
  const day = WEEKDAYS[weekday(w)]!;
  const date = `${w.year}-${two(w.month)}-${two(w.day)}`;
  const time = `${two(Math.floor(w.minute / 60))}:${two(w.minute % 60)}`;
  return `${day[0]!.toUpperCase()}${day.slice(1)} ${date} ${time} ${zone}`;
}
