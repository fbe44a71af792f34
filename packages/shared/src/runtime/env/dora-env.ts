import { z } from 'zod';
import { DEFAULT_FAILURE_WINDOW_MS, DEFAULT_FIX_REF, type DoraOptions } from '../../contracts/dora/compute-dora.js';

const regexSchema = z.string().refine(
  (s) => {
    try {
      new RegExp(s, 'i');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected a regular expression' },
);

/** How the DORA figures are read, for the bot (`/deploy stats`) and heaven (metrics, dashboard). */
export const doraEnvShape = {
  DORA_FAILURE_WINDOW_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(DEFAULT_FAILURE_WINDOW_MS / 3600_000)
    .describe('a production deployment followed within this by a rollback of it or by a fix is a change failure'),
  DORA_FIX_REF_PATTERN: regexSchema
    .default(DEFAULT_FIX_REF.source)
    .describe('a deployment whose ref matches this (case-insensitive) is a fix of the one before'),
};

/** The options of computeDora these variables set. */
export function doraSettings(env: {
  DORA_FAILURE_WINDOW_HOURS: number;
  DORA_FIX_REF_PATTERN: string;
}): Pick<DoraOptions, 'failureWindowMs' | 'fixRef'> {
  return {
    failureWindowMs: env.DORA_FAILURE_WINDOW_HOURS * 3600_000,
    fixRef: new RegExp(env.DORA_FIX_REF_PATTERN, 'i'),
  };
}
