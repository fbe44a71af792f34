import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { deleteOldShellLogs } from '../../src/providers/shell-log-retention.js';

const DAY_MS = 24 * 3600_000;

describe('shell log retention', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heaven-retention-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('deletes the logs and exit files last written before the retention period, and nothing else', async () => {
    const now = Date.now();
    const file = (name: string, ageMs: number) => {
      writeFileSync(join(dir, name), 'x');
      const at = (now - ageMs) / 1000;
      utimesSync(join(dir, name), at, at);
      return join(dir, name);
    };
    const old = 'a'.repeat(32);
    const fresh = 'b'.repeat(32);
    const gone = [file(`${old}.log`, 15 * DAY_MS), file(`${old}.exit`, 15 * DAY_MS)];
    const kept = [
      file(`${fresh}.log`, 13 * DAY_MS),
      file('notes.txt', 100 * DAY_MS),
      file(`${old}.log.bak`, 30 * DAY_MS),
    ];
    expect(await deleteOldShellLogs(dir, 14 * DAY_MS, now)).toBe(2);
    expect(gone.map(existsSync)).toEqual([false, false]);
    expect(kept.map(existsSync)).toEqual([true, true, true]);
    expect(await deleteOldShellLogs(join(dir, 'missing'), DAY_MS, now)).toBe(0);
  });
});
