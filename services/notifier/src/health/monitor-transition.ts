import { z } from 'zod';
import type { ProbeResult } from '../ports.js';

export const monitorStateSchema = z.object({
  status: z.enum(['up', 'down']),
  /** Failed probes in a row. */
  failures: z.number().int().min(0),
  /** When the current status began (down: the alert's time). */
  since: z.number().optional(),
  lastAlertAt: z.number().optional(),
});

export type MonitorState = z.infer<typeof monitorStateSchema>;
export type MonitorAlert = 'down' | 'recovered' | 'reminder' | null;

export type MonitorPolicy = { failuresBeforeDown: number; reminderIntervalMs: number };

/**
 * The next state of a monitor after one probe, and the alert it calls for: "down" after N failures
 * in a row, "recovered" on the first success after that, "reminder" while down if one is set.
 * A first probe with no history counts from "up", so a healthy start says nothing.
 */
export function nextMonitorState(
  prev: MonitorState | null,
  result: ProbeResult,
  policy: MonitorPolicy,
  now: number,
): { state: MonitorState; alert: MonitorAlert } {
  const current: MonitorState = prev ?? { status: 'up', failures: 0 };
  if (result.healthy) {
    if (current.status === 'down')
      return { state: { status: 'up', failures: 0, since: now, lastAlertAt: now }, alert: 'recovered' };
    return { state: { ...current, failures: 0 }, alert: null };
  }
  const failures = current.failures + 1;
  if (current.status === 'up') {
    if (failures >= policy.failuresBeforeDown)
      return { state: { status: 'down', failures, since: now, lastAlertAt: now }, alert: 'down' };
    return { state: { ...current, failures }, alert: null };
  }
  const remind = policy.reminderIntervalMs > 0 && now - (current.lastAlertAt ?? 0) >= policy.reminderIntervalMs;
  return {
    state: { ...current, failures, lastAlertAt: remind ? now : current.lastAlertAt },
    alert: remind ? 'reminder' : null,
  };
}
