import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

const SHELL_FILE = /^[a-f0-9]{32}\.(log|exit)$/;
const DAY_MS = 24 * 3600_000;

/**
 * Deletes the shell provider's logs (and exit files) last written more than `maxAgeMs` ago; only
 * files the provider names (`<32 hex>.log|.exit`). A command runs at most a day (the longest
 * timeout), so a log still written to is never old enough. Returns how many files it deleted.
 */
export async function deleteOldShellLogs(dir: string, maxAgeMs: number, nowMs: number): Promise<number> {
  let deleted = 0;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!SHELL_FILE.test(name)) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (!info || nowMs - info.mtimeMs <= maxAgeMs) continue;
    await rm(path, { force: true });
    deleted += 1;
  }
  return deleted;
}

/** Runs deleteOldShellLogs now and every hour (unref'd); returns the stop. */
export function scheduleShellLogRetention(
  dir: string,
  retentionDays: number,
  onError: (e: unknown) => void,
  now: () => number = Date.now,
): () => void {
  const sweep = () => void deleteOldShellLogs(dir, retentionDays * DAY_MS, now()).catch(onError);
  sweep();
  const timer = setInterval(sweep, 3600_000);
  timer.unref();
  return () => clearInterval(timer);
}
