import { describe, expect, it } from '@jest/globals';
import { computeDora, type DeploymentRecord } from '@chatops/shared/contracts';
import { deploymentRecord } from '@chatops/testkit';
import { statsText } from '../../src/render/stats-text.js';

const DAY = 24 * 3600_000;
const HOUR = 3600_000;
const NOW = Date.parse('2030-03-31T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A production deployment of api requested `daysAgo` days before NOW: started 1 min, ended 10 min later. */
function dep(id: number, daysAgo: number, over: Partial<DeploymentRecord> & { leadHours?: number[] } = {}) {
  const { leadHours, ...rest } = over;
  const requested = NOW - daysAgo * DAY;
  const finished = requested + 10 * 60_000;
  return deploymentRecord(id, {
    sha: `${id}`.padStart(40, '0'),
    requested_at: iso(requested),
    started_at: iso(requested + 60_000),
    finished_at: iso(finished),
    changes: leadHours
      ? { base_sha: 'b'.repeat(40), commit_times: leadHours.map((h) => iso(finished - h * HOUR)), total: 1 }
      : null,
    ...rest,
  });
}

/**
 * One scripted production history, its figures worked out by hand (below each assertion), then the
 * answer of `/deploy stats` as a person reads it: the four figures and their trend, no NaN anywhere.
 */
describe('the DORA figures of a scripted history, recomputed by hand', () => {
  const history = [
    dep(1, 40), // the window before the 30 days
    dep(2, 25, { leadHours: [24, 48] }),
    dep(3, 20, { state: 'failure' }),
    dep(4, 19, { leadHours: [12] }), // recovers 3: 1 day after it
    dep(5, 10, { leadHours: [6] }),
    dep(6, 10 - 2 / 24, { rollback_of: 5, ref: `${5}`.padStart(40, '0') }), // rolls 5 back 2 h later
    dep(7, 3, { state: 'failure' }), // never recovered
    dep(8, 2, { state: 'error', started_at: null }), // refused before its CI (the failure's lock): never ran
    dep(9, 1, { environment: 'staging' }), // another environment
  ];

  it('over 30 days: 4 deployments, lead time 18 h (p90 48 h), 3 of 6 failed, recovery 12 h 5 min, one open', () => {
    const report = computeDora(history, { app: 'api', environment: 'production', windowDays: 30, now: NOW });
    expect(report.current).toEqual({
      deployments: 4, // 2, 4, 5, 6
      perDay: 4 / 30,
      perWeek: 4 / (30 / 7),
      // commits: 6 h, 12 h, 24 h, 48 h → median (12 + 24) / 2 = 18 h; p90 rank ceil(3.6) = 4th = 48 h
      leadTime: { changes: 4, deployments: 3, medianS: 18 * 3600, p90S: 48 * 3600 },
      // ran: 2, 3, 4, 5, 6, 7 (8 never started); failed: 3, 5 (rolled back within 24 h), 7
      changeFailure: { deployments: 6, failed: 3, rate: 0.5 },
      // 3 → 4: 1 day; rollback of 5 asked → 6 ended: 10 min; median (86400 + 600) / 2; 7 open
      recovery: { recovered: 2, medianS: 43_500, open: 1, openSinceMs: NOW - 3 * DAY + 10 * 60_000 },
    });
    expect(report.previous).toEqual({
      deployments: 1,
      perDay: 1 / 30,
      perWeek: 7 / 30,
      leadTime: { changes: 0, deployments: 0, medianS: null, p90S: null }, // the first: no base to compare
      changeFailure: { deployments: 1, failed: 0, rate: 0 },
      recovery: { recovered: 0, medianS: null, open: 0, openSinceMs: null },
    });
    expect(report.trend).toEqual({
      frequency: 'up',
      leadTime: 'unknown',
      changeFailureRate: 'up',
      recoveryTime: 'unknown',
    });
  });

  it('over 7 days: no success, 1 of 1 failed and still open; the week before 2 successes, 1 of 2 failed', () => {
    const report = computeDora(history, { app: 'api', environment: 'production', windowDays: 7, now: NOW });
    expect(report.current).toEqual({
      deployments: 0,
      perDay: 0,
      perWeek: 0,
      leadTime: { changes: 0, deployments: 0, medianS: null, p90S: null },
      changeFailure: { deployments: 1, failed: 1, rate: 1 },
      recovery: { recovered: 0, medianS: null, open: 1, openSinceMs: NOW - 3 * DAY + 10 * 60_000 },
    });
    expect(report.previous.deployments).toBe(2);
    expect(report.previous.changeFailure).toEqual({ deployments: 2, failed: 1, rate: 0.5 });
    expect(report.previous.recovery).toEqual({ recovered: 1, medianS: 600, open: 0, openSinceMs: null });
    expect(report.trend).toEqual({
      frequency: 'down',
      leadTime: 'unknown',
      changeFailureRate: 'up',
      recoveryTime: 'unknown',
    });
  });

  it('answers /deploy stats with the four figures and their trend, no NaN, nothing invented', () => {
    const reports = [7, 30, 90].map((windowDays) =>
      computeDora(history, { app: 'api', environment: 'production', windowDays, now: NOW }),
    );
    const text = statsText('api', 'production', reports, NOW);
    expect(text).not.toMatch(/NaN|Infinity|undefined|null/);
    expect(text.split('\n')).toEqual([
      '*DORA figures of api in production* (trend: against the window before)',
      '*Last 7 days*',
      '• Deployment frequency: 0 successful deployments (0 a day, 0 a week) (↓ from 2, worse)',
      '• Lead time for changes: no commit measured',
      '• Change failure rate: 100% (1 of 1) (↑ from 50%, worse)',
      '• Failed deployment recovery time: no recovery; not recovered from a failure 2d 23h ago',
      '*Last 30 days*',
      '• Deployment frequency: 4 successful deployments (0.13 a day, 0.93 a week) (↑ from 1, better)',
      '• Lead time for changes: median 18h 00m, p90 2d 00h over 4 commits',
      '• Change failure rate: 50% (3 of 6) (↑ from 0%, worse)',
      '• Failed deployment recovery time: median 12h 05m over 2 recoveries; not recovered from a failure 2d 23h ago',
      '*Last 90 days*',
      '• Deployment frequency: 5 successful deployments (0.06 a day, 0.39 a week) (↑ from 0, better)',
      '• Lead time for changes: median 18h 00m, p90 2d 00h over 4 commits',
      '• Change failure rate: 43% (3 of 7)',
      '• Failed deployment recovery time: median 12h 05m over 2 recoveries; not recovered from a failure 2d 23h ago',
    ]);
  });

  it('reports a production still broken since before the window as open in the current window', () => {
    const broken = [dep(21, 12), dep(22, 10, { state: 'failure' }), dep(23, 9, { state: 'error' })];
    const since = NOW - 10 * DAY + 10 * 60_000;
    const week = computeDora(broken, { app: 'api', environment: 'production', windowDays: 7, now: NOW });
    expect(week.current.recovery).toEqual({ recovered: 0, medianS: null, open: 1, openSinceMs: since });
    expect(week.current.changeFailure).toEqual({ deployments: 0, failed: 0, rate: null });
    expect(week.previous.recovery).toEqual({ recovered: 0, medianS: null, open: 1, openSinceMs: since });
    expect(statsText('api', 'production', [week], NOW).split('\n').slice(2)).toEqual([
      '• Deployment frequency: 0 successful deployments (0 a day, 0 a week) (↓ from 1, worse)',
      '• Lead time for changes: no commit measured',
      '• Change failure rate: no deployment ran',
      '• Failed deployment recovery time: no recovery; not recovered from a failure 9d 23h ago',
    ]);
    // Recovered since: closed everywhere.
    const fixed = [...broken, dep(24, 1)];
    const after = computeDora(fixed, { app: 'api', environment: 'production', windowDays: 7, now: NOW });
    expect([after.current.recovery.open, after.previous.recovery.open]).toEqual([0, 0]);
    expect(after.previous.recovery).toEqual({ recovered: 1, medianS: 9 * 24 * 3600, open: 0, openSinceMs: null });
  });
});
