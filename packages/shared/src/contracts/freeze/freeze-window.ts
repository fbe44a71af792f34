import { WEEKDAYS, addDays, weekday, wallTimeAt, zonedInstant, type WallTime } from './zoned-time.js';

/**
 * When a configured freeze holds, as written in the config: every week (`fri 16:00` to `mon 08:00`),
 * every day (`18:00` to `08:00`), or once (`2026-12-21` to `2027-01-04 08:00`), all wall times of
 * one time zone.
 */
export type FreezeWindow =
  | { kind: 'weekly'; from: { day: number; minute: number }; to: { day: number; minute: number } }
  | { kind: 'daily'; from: number; to: number }
  | { kind: 'once'; from: WallTime; to: WallTime };

/** One occurrence of a freeze: from `start` (included) to `end` (excluded), in ms since the epoch. */
export type Occurrence = { start: number; end: number };

const DAY_NAMES = new Map<string, number>();
const FULL = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
FULL.forEach((full, i) => {
  for (const n of [full, `${full}s`, WEEKDAYS[i]!]) DAY_NAMES.set(n, i);
});

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `HH:MM` as a minute of the day, or null. */
export function parseClock(text: string): number | null {
  const m = TIME.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** A weekday's name (`fri`, `friday`, `fridays`, any case) as 0 Monday … 6 Sunday, or null. */
export function parseWeekday(text: string): number | null {
  return DAY_NAMES.get(text.toLowerCase()) ?? null;
}

/** `YYYY-MM-DD` as a real calendar date (at 00:00), or null. */
export function parseDate(text: string): WallTime | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return { year, month, day, minute: 0 };
}

type Point =
  | { kind: 'weekly'; day: number; minute: number }
  | { kind: 'daily'; minute: number }
  | { kind: 'once'; wall: WallTime };

function parsePoint(text: string): Point | null {
  const words = text.trim().split(/\s+|T(?=\d)/);
  const [first = '', second] = words;
  if (words.length > 2) return null;
  const clock = second === undefined ? 0 : parseClock(second);
  if (clock === null) return null;
  const day = parseWeekday(first);
  if (day !== null) return second === undefined ? null : { kind: 'weekly', day, minute: clock };
  const date = parseDate(first);
  if (date) return { kind: 'once', wall: { ...date, minute: clock } };
  const minute = second === undefined ? parseClock(first) : null;
  return minute === null ? null : { kind: 'daily', minute };
}

const WINDOW_FORMS =
  'expected "DAY HH:MM" (every week: fri 16:00), "HH:MM" (every day: 18:00) or "YYYY-MM-DD[ HH:MM]" (once)';

const wallKey = (w: WallTime) => Date.UTC(w.year, w.month - 1, w.day, 0, w.minute);

/** A freeze's `from` and `to` as a window, or what is wrong with them. Pure. */
export function parseWindow(
  from: string,
  to: string,
): { ok: true; window: FreezeWindow } | { ok: false; error: string } {
  const a = parsePoint(from);
  const b = parsePoint(to);
  if (!a) return { ok: false, error: `from: ${WINDOW_FORMS}` };
  if (!b) return { ok: false, error: `to: ${WINDOW_FORMS}` };
  if (a.kind !== b.kind) return { ok: false, error: `from and to must be of one form: ${WINDOW_FORMS}` };
  if (a.kind === 'weekly' && b.kind === 'weekly') {
    if (a.day === b.day && a.minute === b.minute) return { ok: false, error: 'from and to are the same time' };
    return {
      ok: true,
      window: { kind: 'weekly', from: { day: a.day, minute: a.minute }, to: { day: b.day, minute: b.minute } },
    };
  }
  if (a.kind === 'daily' && b.kind === 'daily') {
    if (a.minute === b.minute) return { ok: false, error: 'from and to are the same time' };
    return { ok: true, window: { kind: 'daily', from: a.minute, to: b.minute } };
  }
  if (a.kind === 'once' && b.kind === 'once') {
    if (wallKey(b.wall) <= wallKey(a.wall)) return { ok: false, error: 'to must be after from' };
    return { ok: true, window: { kind: 'once', from: a.wall, to: b.wall } };
  }
  return { ok: false, error: WINDOW_FORMS };
}

/** Days from an occurrence's first day to its last (a window ending at or before its start time wraps). */
function spanDays(window: Exclude<FreezeWindow, { kind: 'once' }>): number {
  if (window.kind === 'daily') return window.to <= window.from ? 1 : 0;
  const days = (window.to.day - window.from.day + 7) % 7;
  return days === 0 && window.to.minute <= window.from.minute ? 7 : days;
}

/** The occurrence of a recurring window that starts on the date of `date`, or null when none does. */
function occurrenceOn(
  window: Exclude<FreezeWindow, { kind: 'once' }>,
  zone: string,
  date: WallTime,
): Occurrence | null {
  if (window.kind === 'weekly' && weekday(date) !== window.from.day) return null;
  const [fromMinute, toMinute] =
    window.kind === 'weekly' ? [window.from.minute, window.to.minute] : [window.from, window.to];
  return {
    start: zonedInstant(zone, { ...date, minute: fromMinute }),
    end: zonedInstant(zone, addDays(date, spanDays(window), toMinute)),
  };
}

/**
 * The occurrence of a window that holds at `ms` (start ≤ ms < end), else the next one to start
 * after `ms`; null when there is none (a one-off freeze that ended). Pure.
 */
export function occurrenceAround(
  window: FreezeWindow,
  zone: string,
  ms: number,
): { holds: boolean; occurrence: Occurrence } | null {
  if (window.kind === 'once') {
    const occurrence = { start: zonedInstant(zone, window.from), end: zonedInstant(zone, window.to) };
    if (occurrence.end <= ms) return null;
    return { holds: occurrence.start <= ms, occurrence };
  }
  const today = wallTimeAt(zone, ms);
  // An occurrence that holds now started at most 8 days ago (a week, plus a day of slack for the wrap).
  for (let k = 8; k >= 0; k -= 1) {
    const o = occurrenceOn(window, zone, addDays(today, -k, 0));
    if (o && o.start <= ms && ms < o.end) return { holds: true, occurrence: o };
  }
  for (let k = 0; k <= 8; k += 1) {
    const o = occurrenceOn(window, zone, addDays(today, k, 0));
    if (o && o.start > ms) return { holds: false, occurrence: o };
  }
  return null;
}
