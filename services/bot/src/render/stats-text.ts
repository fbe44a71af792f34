import {
  DORA_UP_IS_BETTER,
  escapeMrkdwn,
  formatDuration,
  type DoraFigures,
  type DoraReport,
  type DoraTrend,
} from '@chatops/shared/contracts';

type Figure = keyof typeof DORA_UP_IS_BETTER;

const percent = (rate: number) => `${Math.round(rate * 100)}%`;
const seconds = (s: number) => formatDuration(s * 1000);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const round = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1));

/** "↑ from 1, better", "↓ from 2d 00h, better", "as before"; nothing when there is nothing to compare. */
function trendText(figure: Figure, trend: DoraTrend, before: string | null): string {
  if (trend === 'unknown' || before === null) return '';
  if (trend === 'same') return ' (as before)';
  const better = (trend === 'up') === DORA_UP_IS_BETTER[figure];
  return ` (${trend === 'up' ? '↑' : '↓'} from ${before}, ${better ? 'better' : 'worse'})`;
}

function lines(report: DoraReport, now: number): string[] {
  const { current: c, previous: p, trend } = report;
  const frequency =
    `• Deployment frequency: ${plural(c.deployments, 'successful deployment')} ` +
    `(${round(c.perDay)} a day, ${round(c.perWeek)} a week)` +
    trendText('frequency', trend.frequency, String(p.deployments));
  const lead =
    c.leadTime.medianS === null
      ? '• Lead time for changes: no commit measured'
      : `• Lead time for changes: median ${seconds(c.leadTime.medianS)}, p90 ${seconds(c.leadTime.p90S!)} ` +
        `over ${plural(c.leadTime.changes, 'commit')}` +
        trendText('leadTime', trend.leadTime, p.leadTime.medianS === null ? null : seconds(p.leadTime.medianS));
  const failure =
    c.changeFailure.rate === null
      ? '• Change failure rate: no deployment ran'
      : `• Change failure rate: ${percent(c.changeFailure.rate)} (${c.changeFailure.failed} of ` +
        `${c.changeFailure.deployments})` +
        trendText(
          'changeFailureRate',
          trend.changeFailureRate,
          p.changeFailure.rate === null ? null : percent(p.changeFailure.rate),
        );
  return [frequency, lead, failure, recoveryLine(c, p, trend.recoveryTime, now)];
}

function recoveryLine(c: DoraFigures, p: DoraFigures, trend: DoraTrend, now: number): string {
  const open =
    c.recovery.open > 0 && c.recovery.openSinceMs !== null
      ? `; not recovered from a failure ${formatDuration(now - c.recovery.openSinceMs)} ago`
      : '';
  if (c.recovery.medianS === null) return `• Failed deployment recovery time: no recovery${open}`;
  return (
    `• Failed deployment recovery time: median ${seconds(c.recovery.medianS)} over ` +
    `${plural(c.recovery.recovered, 'recovery', 'recoveries')}${open}` +
    trendText('recoveryTime', trend, p.recovery.medianS === null ? null : seconds(p.recovery.medianS))
  );
}

/**
 * The answer to `stats APP [ENV]`: the four DORA figures over each window, with the trend against the
 * window before. Pure; every name escaped.
 */
export function statsText(app: string, environment: string, reports: readonly DoraReport[], now: number): string {
  const where = `${escapeMrkdwn(app)} in ${escapeMrkdwn(environment)}`;
  const head = `*DORA figures of ${where}* (trend: against the window before)`;
  const windows = reports.flatMap((r) => [`*Last ${r.windowDays} days*`, ...lines(r, now)]);
  return [head, ...windows].join('\n');
}
