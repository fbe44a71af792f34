import { computeDora, type DeploymentRecord, type DoraFigures, formatDuration } from '@chatops/shared/contracts';
import { renderBarChart } from './render-chart.js';
import { domId, escapeHtml } from './render-dashboard.js';

const DAY_MS = 24 * 3600_000;
const DAYS = 30;
const WEEKS = 12;

export type DoraSubject = { app: string; environment: string; records: DeploymentRecord[] };

const dayLabel = (ms: number) => new Date(ms).toISOString().slice(5, 10);
const percent = (v: number) => `${Math.round(v * 100)} %`;
const duration = (s: number) => formatDuration(s * 1000);

/** The overview's DORA section: each app/environment with records, or a word that there are none yet. */
export function renderDoraSection(subjects: DoraSubject[], now: number): string {
  const charts = subjects.length
    ? subjects.map((s) => renderDora(s, now)).join('\n')
    : '<p>No deployment recorded yet: the charts appear with the first one.</p>';
  const head = '<section class="dora-all" id="dora-all" data-live aria-labelledby="dora-h">';
  return `${head}<h2 id="dora-h">DORA metrics</h2>${charts}</section>`;
}

/**
 * The DORA section of one app and environment: deploys per day (30 days), lead time and change
 * failure rate per week (12 weeks) as server-drawn bar charts, and the four figures over 7, 30 and
 * 90 days. Every figure is `computeDora` (contracts) over a window ending at the period's end. Pure.
 */
export function renderDora(subject: DoraSubject, now: number): string {
  const dora = (windowDays: number, end: number) =>
    computeDora(subject.records, { app: subject.app, environment: subject.environment, windowDays, now: end }).current;
  const today = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
  const days = Array.from({ length: DAYS }, (_, i) => today - (DAYS - 1 - i) * DAY_MS);
  const weeks = Array.from({ length: WEEKS }, (_, i) => now - (WEEKS - 1 - i) * 7 * DAY_MS);
  const weekly = weeks.map((end) => ({ label: `w/e ${dayLabel(end - 1)}`, figures: dora(7, end) }));
  const id = (what: string) => domId('dora', subject.app, subject.environment, what);
  const name = `${subject.app} ${subject.environment}`;
  const charts = [
    renderBarChart({
      id: id('frequency'),
      title: `Deploys per day, ${name}`,
      desc: `Successful deployments of ${name} each day (UTC) over the last ${DAYS} days.`,
      points: days.map((end) => ({ label: dayLabel(end - 1), value: dora(1, end).deployments })),
      format: (v) => String(Math.round(v)),
    }),
    renderBarChart({
      id: id('lead-time'),
      title: `Lead time for changes, ${name}`,
      desc: `Median time from commit to its successful deployment, each week over the last ${WEEKS} weeks.`,
      points: weekly.map((w) => ({ label: w.label, value: w.figures.leadTime.medianS })),
      format: duration,
    }),
    renderBarChart({
      id: id('failure-rate'),
      title: `Change failure rate, ${name}`,
      desc: `Share of deployments that failed or needed a rollback or fix, each week over the last ${WEEKS} weeks.`,
      points: weekly.map((w) => ({ label: w.label, value: w.figures.changeFailure.rate })),
      format: percent,
    }),
  ];
  const windows = [7, 30, 90].map((d) => ({ days: d, figures: dora(d, now) }));
  return (
    `<section class="dora" aria-labelledby="${id('h')}"><h3 id="${id('h')}">${escapeHtml(name)}</h3>` +
    `<div class="charts">${charts.join('')}</div>${renderFigures(windows)}</section>`
  );
}

function renderFigures(windows: Array<{ days: number; figures: DoraFigures }>): string {
  const cell = (f: DoraFigures) =>
    `<td>${f.perDay.toFixed(2)} a day (${f.deployments})</td>` +
    `<td>${f.leadTime.medianS === null ? 'no data' : escapeHtml(duration(f.leadTime.medianS))}</td>` +
    `<td>${f.changeFailure.rate === null ? 'no data' : percent(f.changeFailure.rate)} ` +
    `(${f.changeFailure.failed} of ${f.changeFailure.deployments})</td>` +
    `<td>${f.recovery.medianS === null ? 'no data' : escapeHtml(duration(f.recovery.medianS))}` +
    `${f.recovery.open ? ', 1 not recovered yet' : ''}</td>`;
  const rows = windows.map((w) => `<tr><th scope="row">last ${w.days} days</th>${cell(w.figures)}</tr>`).join('');
  return (
    '<div class="scroll"><table class="dora-figures"><thead><tr><th scope="col">window</th>' +
    '<th scope="col">deployment frequency</th><th scope="col">lead time (median)</th>' +
    '<th scope="col">change failure rate</th><th scope="col">recovery time (median)</th></tr></thead>' +
    `<tbody>${rows}</tbody></table></div>`
  );
}
