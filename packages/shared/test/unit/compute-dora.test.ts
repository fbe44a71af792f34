import { describe, expect, it } from '@jest/globals';
import { computeDora, quantile, type DeploymentRecord } from '@chatops/shared/contracts';
import { deploymentRecord } from '@chatops/testkit';

const DAY = 24 * 3600_000;
const HOUR = 3600_000;
const NOW = Date.parse('2030-03-31T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

let nextId = 1;
/** A production deployment of api requested `daysAgo` days before NOW, running 10 minutes. */
function dep(daysAgo: number, over: Partial<DeploymentRecord> & { leadHours?: number[] } = {}): DeploymentRecord {
  const { leadHours, ...rest } = over;
  const requested = NOW - daysAgo * DAY;
  const state = rest.state ?? 'success';
  const finished = requested + 10 * 60_000;
  return deploymentRecord(nextId++, {
    state,
    requested_at: iso(requested),
    started_at: state === 'requested' ? null : iso(requested + 60_000),
    finished_at: ['success', 'failure', 'error', 'cancelled'].includes(state) ? iso(finished) : null,
    changes: leadHours
      ? {
          base_sha: 'b'.repeat(40),
          commit_times: leadHours.map((h) => iso(finished - h * HOUR)),
          total: leadHours.length,
        }
      : null,
    ...rest,
  });
}

const opts = { app: 'api', environment: 'production', now: NOW };

describe('computeDora', () => {
  it('reports nothing measured, not zero, when there is no production deployment', () => {
    const report = computeDora([dep(1, { environment: 'staging' })], { ...opts, windowDays: 7 });
    expect(report.current).toEqual({
      deployments: 0,
      perDay: 0,
      perWeek: 0,
      leadTime: { changes: 0, deployments: 0, medianS: null, p90S: null },
      changeFailure: { deployments: 0, failed: 0, rate: null },
      recovery: { recovered: 0, medianS: null, open: 0, openSinceMs: null },
    });
    expect(report.trend).toEqual({
      frequency: 'same',
      leadTime: 'unknown',
      changeFailureRate: 'unknown',
      recoveryTime: 'unknown',
    });
    expect(report.fromMs).toBe(NOW - 7 * DAY);
  });

  it('counts successes per day and week, lead time per commit (median, p90), against the window before', () => {
    const history = [
      dep(20, { leadHours: [100] }), // previous 7-day window? no: 20 days ago, outside both
      dep(10, { leadHours: [48] }), // previous window (14..7 days ago)
      dep(6, { leadHours: [1, 3] }),
      dep(4), // the first production deployment: no changes, not in lead time
      dep(2, { leadHours: [2, 5, 10] }),
      dep(1, { noop: true, leadHours: [500] }), // noop: never counted
      dep(1, { task: 'destroy' }),
    ];
    const report = computeDora(history, { ...opts, windowDays: 7 });
    expect(report.current.deployments).toBe(3);
    expect(report.current.perDay).toBeCloseTo(3 / 7, 10);
    expect(report.current.perWeek).toBe(3);
    expect(report.current.leadTime).toEqual({ changes: 5, deployments: 2, medianS: 3 * 3600, p90S: 10 * 3600 });
    expect(report.previous.deployments).toBe(1);
    expect(report.previous.leadTime.medianS).toBe(48 * 3600);
    expect(report.trend.frequency).toBe('up');
    expect(report.trend.leadTime).toBe('down');
    // 30 days: all four successes of the month.
    const month = computeDora(history, { ...opts, windowDays: 30 });
    expect(month.current.deployments).toBe(5);
    expect(month.current.perWeek).toBeCloseTo(5 / (30 / 7), 10);
  });

  it('counts the window as (now − days, now]: one finished exactly at its start is in the window before', () => {
    const atStart = dep(7, { finished_at: iso(NOW - 7 * DAY) });
    const atEnd = dep(0.01, { finished_at: iso(NOW) });
    const after = dep(0, { finished_at: iso(NOW + 1) });
    const report = computeDora([atStart, atEnd, after], { ...opts, windowDays: 7 });
    expect(report.current.deployments).toBe(1);
    expect(report.previous.deployments).toBe(1);
  });

  it('counts failures, rollbacks and fixes within the failure window as failures; refusals, cancels not', () => {
    const ok = dep(6);
    const failed = dep(5.9, { state: 'failure' });
    const rolledBack = dep(5);
    const rollback = dep(5 - 2 / 24, { rollback_of: rolledBack.deployment_id, ref: rolledBack.sha });
    const fixedLate = dep(4);
    const fixTooLate = dep(4 - 25 / 24, { ref: 'hotfix/login' }); // 25 h after: outside the 24 h window
    const fixedSoon = dep(2);
    const fix = dep(2 - 3 / 24, { ref: 'hotfix/cart' }); // itself a success, not rolled back
    const refused = dep(1.5, { state: 'error', started_at: null }); // refused before its CI: never ran
    const cancelled = dep(1.4, { state: 'cancelled' });
    const history = [ok, failed, rolledBack, rollback, fixedLate, fixTooLate, fixedSoon, fix, refused, cancelled];
    const report = computeDora(history, { ...opts, windowDays: 7 });
    // ran: ok, failed, rolledBack, rollback, fixedLate, fixTooLate, fixedSoon, fix = 8
    // failed: failed, rolledBack, fixedSoon
    expect(report.current.changeFailure).toEqual({ deployments: 8, failed: 3, rate: 3 / 8 });
    const wider = computeDora(history, { ...opts, windowDays: 7, failureWindowMs: 25.5 * HOUR });
    expect(wider.current.changeFailure.failed).toBe(4);
    const otherFixes = computeDora(history, { ...opts, windowDays: 7, fixRef: /^never$/ });
    expect(otherFixes.current.changeFailure.failed).toBe(2);
  });

  it('measures recovery from a failure or a rollback of a success to the next success; failures in a row: one', () => {
    const a = dep(6, { state: 'failure' }); // ends 6 d ago + 10 min
    const b = dep(6 - 1 / 24, { state: 'error' }); // same incident
    const c = dep(6 - 3 / 24); // recovers: 3 h after a
    const d = dep(3); // success, rolled back
    const e = dep(3 - 1 / 24, { rollback_of: d.deployment_id }); // requested 1 h after d: recovered 10 min later
    const report = computeDora([a, b, c, d, e], { ...opts, windowDays: 7 });
    expect(report.current.recovery).toEqual({
      recovered: 2,
      medianS: (3 * 3600 + 600) / 2,
      open: 0,
      openSinceMs: null,
    });
  });

  it('reports a failure never recovered as open, not as a zero recovery time', () => {
    const failed = dep(2, { state: 'failure' });
    const report = computeDora([dep(3), failed, dep(1.5, { state: 'error' })], { ...opts, windowDays: 7 });
    expect(report.current.recovery).toEqual({
      recovered: 0,
      medianS: null,
      open: 1,
      openSinceMs: Date.parse(failed.finished_at!),
    });
    expect(report.current.changeFailure).toEqual({ deployments: 3, failed: 2, rate: 2 / 3 });
  });

  it('ends an incident of the window before at a success of this window (its recovery counts there)', () => {
    const failed = dep(8, { state: 'failure' });
    const fixed = dep(6);
    const report = computeDora([failed, fixed], { ...opts, windowDays: 7 });
    expect(report.previous.recovery).toEqual({ recovered: 1, medianS: 2 * 24 * 3600, open: 0, openSinceMs: null });
    expect(report.current.recovery.recovered).toBe(0);
  });

  it('reads only its app and environment', () => {
    const report = computeDora([dep(1, { app: 'web' }), dep(1, { environment: 'staging' }), dep(1)], {
      ...opts,
      windowDays: 7,
    });
    expect(report.current.deployments).toBe(1);
  });
});

describe('quantile', () => {
  it('is the nearest rank, the median of an even count the mean of the middle two', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([5, 1, 3], 0.5)).toBe(3);
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  });
});
