import { describe, expect, it } from '@jest/globals';
import { nextMonitorState, type MonitorAlert, type MonitorState } from '../../src/health/monitor-transition.js';
import type { ProbeResult } from '../../src/ports.js';

const up: ProbeResult = { healthy: true, status: 200, latencyMs: 12 };
const down: ProbeResult = { healthy: false, status: 503, latencyMs: 8 };

function run(results: ProbeResult[], reminderIntervalMs = 0, stepMs = 1000): MonitorAlert[] {
  let state: MonitorState | null = null;
  const alerts: MonitorAlert[] = [];
  results.forEach((result, i) => {
    const next = nextMonitorState(state, result, { failuresBeforeDown: 3, reminderIntervalMs }, i * stepMs);
    state = next.state;
    alerts.push(next.alert);
  });
  return alerts;
}

describe('nextMonitorState', () => {
  it('says nothing while healthy, including the first probe', () => {
    expect(run([up, up, up])).toEqual([null, null, null]);
  });

  it('alerts down once after N failures in a row, and recovered once', () => {
    expect(run([up, down, down, down, down, down, up, up])).toEqual([
      null,
      null,
      null,
      'down',
      null,
      null,
      'recovered',
      null,
    ]);
  });

  it('does not alert when failures are not in a row', () => {
    expect(run([down, down, up, down, down, up])).toEqual([null, null, null, null, null, null]);
  });

  it('reminds while down, no more often than the reminder interval', () => {
    expect(run([down, down, down, down, down, down, down], 2500)).toEqual([
      null,
      null,
      'down',
      null,
      null,
      'reminder',
      null,
    ]);
  });

  it('counts down from the first failure and remembers when it went down', () => {
    const first = nextMonitorState(null, down, { failuresBeforeDown: 1, reminderIntervalMs: 0 }, 5000);
    expect(first).toEqual({ state: { status: 'down', failures: 1, since: 5000, lastAlertAt: 5000 }, alert: 'down' });
  });
});
