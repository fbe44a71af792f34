import type { DeploymentRecord } from '@chatops/shared/contracts';

/** The export's columns, in order (the JSON export has the records' own fields). */
const CSV_COLUMNS = [
  'deployment_id',
  'repository',
  'app',
  'environment',
  'github_environment',
  'production',
  'sha',
  'ref',
  'task',
  'noop',
  'requester',
  'rollback_of',
  'state',
  'description',
  'log_url',
  'requested_at',
  'approved_at',
  'queued_at',
  'started_at',
  'finished_at',
  'changes_base_sha',
  'changes_total',
] as const;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote, CR or LF (quotes doubled). A text that
 * a spreadsheet would read as a formula (starting with = + - @, a tab, CR or LF, or the full-width
 * ＝ ＋ － ＠ some spreadsheets take for them) is made text with a leading apostrophe (OWASP's CSV
 * injection advice).
 */
function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The records as CSV: a header line, then one line per record, CRLF line ends. Pure. */
export function deploymentsCsv(records: readonly DeploymentRecord[]): string {
  const rows = records.map((r) =>
    [
      r.deployment_id,
      r.repository,
      r.app,
      r.environment,
      r.github_environment,
      r.production,
      r.sha,
      r.ref,
      r.task,
      r.noop,
      r.requester,
      r.rollback_of,
      r.state,
      r.description,
      r.log_url,
      r.requested_at,
      r.approved_at,
      r.queued_at,
      r.started_at,
      r.finished_at,
      r.changes?.base_sha ?? null,
      r.changes?.total ?? null,
    ]
      .map(csvCell)
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].map((line) => `${line}\r\n`).join('');
}
