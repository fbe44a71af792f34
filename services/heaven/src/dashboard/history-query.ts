import { z } from 'zod';
import type { DeploymentRecord } from '@chatops/shared/contracts';

const DAY_MS = 24 * 3600_000;
/** Rows per page of the history. */
const HISTORY_PER_PAGE = 25;

const text = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((v) => v || undefined);
const day = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined)
  .refine((v) => v === undefined || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))), {
    message: 'expected a date as YYYY-MM-DD',
  });

/** The history's filters, as GET query parameters (a plain form submits them; no JavaScript needed). */
export const historyQuerySchema = z.object({
  app: text,
  environment: text,
  /** Part of the requester's name, any case. */
  person: text,
  state: z
    .enum(['requested', 'queued', 'in_progress', 'success', 'failure', 'error', 'cancelled', ''])
    .optional()
    .transform((v) => v || undefined),
  /** Requested on or after this day (UTC). */
  from: day,
  /** Requested on or before this day (UTC). */
  to: day,
  page: z.coerce.number().int().min(1).max(1000).default(1),
});

export type HistoryQuery = z.infer<typeof historyQuerySchema>;

/** The first instant of `from`, and the first instant after `to` (both days in UTC). */
export function queryBounds(q: HistoryQuery): { sinceMs?: number; beforeMs?: number } {
  return {
    sinceMs: q.from ? Date.parse(`${q.from}T00:00:00Z`) : undefined,
    beforeMs: q.to ? Date.parse(`${q.to}T00:00:00Z`) + DAY_MS : undefined,
  };
}

/** The records that pass the filters the store does not apply (person, state, `to`). Pure. */
export function filterRecords(records: readonly DeploymentRecord[], q: HistoryQuery): DeploymentRecord[] {
  const { beforeMs } = queryBounds(q);
  const person = q.person?.toLowerCase();
  return records.filter(
    (r) =>
      (!q.app || r.app === q.app) &&
      (!q.environment || r.environment === q.environment || r.github_environment === q.environment) &&
      (!q.state || r.state === q.state) &&
      (!person || (r.requester ?? '').toLowerCase().includes(person)) &&
      (beforeMs === undefined || Date.parse(r.requested_at) < beforeMs),
  );
}

/** One page of rows, and whether there are pages before and after it. Pure. */
export function pageOf<T>(rows: readonly T[], page: number, perPage = HISTORY_PER_PAGE) {
  const pages = Math.max(1, Math.ceil(rows.length / perPage));
  return {
    rows: rows.slice((page - 1) * perPage, page * perPage),
    page,
    pages,
    total: rows.length,
  };
}

/** The query string of the same filters on another page (empty filters left out). */
export function queryString(q: HistoryQuery, page: number): string {
  const params = new URLSearchParams();
  for (const key of ['app', 'environment', 'person', 'state', 'from', 'to'] as const) {
    const v = q[key];
    if (v) params.set(key, v);
  }
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `?${s}` : '';
}
