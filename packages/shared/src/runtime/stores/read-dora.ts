import { computeDora, DORA_WINDOWS, type DoraOptions, type DoraReport } from '../../contracts/dora/compute-dora.js';
import type { DeploymentRecordStore } from '../../contracts/dora/deployment-record.js';

const DAY_MS = 24 * 3600_000;

/**
 * The DORA figures of one app and environment over 7, 30 and 90 days (each with the window before it),
 * from the records of the last 180 days and the failure window: one read of the store.
 */
export async function readDoraReports(
  records: Pick<DeploymentRecordStore, 'list'>,
  opts: Omit<DoraOptions, 'windowDays'>,
  windows: readonly number[] = DORA_WINDOWS,
): Promise<DoraReport[]> {
  const longest = Math.max(...windows);
  const since = opts.now - 2 * longest * DAY_MS - (opts.failureWindowMs ?? DAY_MS) - DAY_MS;
  const list = await records.list(opts.app, opts.environment, since);
  return windows.map((windowDays) => computeDora(list, { ...opts, windowDays }));
}
