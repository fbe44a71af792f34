import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export type HeavenProcess = { child: ChildProcess; url: string; lines: string[]; exited: Promise<number | null> };

/** Starts `node services/heaven/dist/main.js` and resolves with the url of its "listening" log line. */
export async function startHeavenProcess(env: Record<string, string>, timeoutMs = 15_000): Promise<HeavenProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run pnpm --filter @chatops/heaven build first`);
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  createInterface({ input: child.stderr! }).on('line', (l) => lines.push(l));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`heaven did not log "listening" within ${timeoutMs} ms:\n${lines.join('\n')}`)),
      timeoutMs,
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'listening' && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        /* not JSON */
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`heaven exited with ${code} before listening:\n${lines.join('\n')}`));
    });
  });
  return { child, url, lines, exited };
}
