import { z } from 'zod';
import { parseWindow, type FreezeWindow } from '../freeze/freeze-window.js';
import { isTimeZone } from '../freeze/zoned-time.js';

/** An IANA time-zone name this Node knows (`Europe/Oslo`, `UTC`), checked when the config loads. */
export const timeZoneSchema = z
  .string()
  .refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Oslo or UTC' });

/**
 * A configured freeze: deploys are refused while it holds. `from` and `to` are wall times of its
 * `time_zone` (default: `defaults.time_zone`), every week (`fri 16:00` → `mon 08:00`), every day
 * (`18:00` → `08:00`), or once (`2026-12-21` → `2027-01-04 08:00`). The window is checked when the
 * config loads, and read by windowOf (the config keeps its own shape: it parses again to itself).
 */
export const freezeSchema = z
  .object({
    from: z.string().min(1),
    to: z.string().min(1),
    time_zone: timeZoneSchema.optional(),
    reason: z.string().min(1).max(200),
    /** At the top level or an app's: only these environments (names); default: all of them. */
    environments: z.array(z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'expected an environment name')).optional(),
  })
  .strict()
  .superRefine((freeze, ctx) => {
    const parsed = parseWindow(freeze.from, freeze.to);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
  });

export type ConfiguredFreeze = z.infer<typeof freezeSchema>;

const windows = new WeakMap<ConfiguredFreeze, FreezeWindow>();

/** The window of a configured freeze (checked when the config loaded), read once per freeze object. */
export function windowOf(freeze: ConfiguredFreeze): FreezeWindow {
  let window = windows.get(freeze);
  if (!window) {
    const parsed = parseWindow(freeze.from, freeze.to);
    if (!parsed.ok) throw new Error(`freeze ${freeze.from} to ${freeze.to}: ${parsed.error}`);
    window = parsed.window;
    windows.set(freeze, window);
  }
  return window;
}
