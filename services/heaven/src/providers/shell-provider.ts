import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CiProvider, CiRun } from '../ports.js';
import { shellEnvironment } from '../run/ci-parameters.js';

export type ShellOptions = { logDir: string; publicUrl: string };

export const LOG_ID = /^[a-f0-9]{32}$/;
export const logPath = (dir: string, id: string) => join(dir, `${id}.log`);
const exitPath = (dir: string, id: string) => join(dir, `${id}.exit`);

/**
 * Runs the configured command (an argument list, never a shell string) in its own process group,
 * with only PATH/HOME, the configured env and DEPLOY_* variables. Output goes to a log file served
 * at {PUBLIC_URL}/logs/<random id>; the exit code is written next to it.
 */
export function createShellProvider(opts: ShellOptions): CiProvider {
  mkdirSync(opts.logDir, { recursive: true, mode: 0o700 });
  return {
    label: 'shell',
    prepare: async () => ({ ref: null }),
    async trigger(ctx) {
      const cfg = ctx.app.shell!;
      const id = randomBytes(16).toString('hex');
      const fd = openSync(logPath(opts.logDir, id), 'a', 0o600);
      const env = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        ...cfg.env,
        ...shellEnvironment(ctx),
      };
      const child = spawn(cfg.command[0]!, cfg.command.slice(1), {
        cwd: cfg.cwd,
        env,
        detached: true,
        stdio: ['ignore', fd, fd],
      });
      closeSync(fd);
      const done = (code: number | null, signal: string | null) =>
        writeFileSync(exitPath(opts.logDir, id), JSON.stringify({ code, signal }));
      child.on('exit', done);
      child.on('error', (e) => {
        writeFileSync(logPath(opts.logDir, id), `cannot start ${cfg.command[0]}: ${e.message}\n`, {
          flag: 'a',
        });
        done(127, null);
      });
      child.unref();
      return {
        provider: 'shell',
        id,
        logUrl: `${opts.publicUrl.replace(/\/$/, '')}/logs/${id}`,
        extra: { pid: child.pid ?? 0 },
      };
    },
    async observe(run) {
      const exit = readExit(opts.logDir, run.id);
      if (exit) {
        if (exit.code === 0) return { phase: 'done', outcome: 'success', description: 'shell command succeeded' };
        if (exit.signal)
          return { phase: 'done', outcome: 'error', description: `shell command killed by ${exit.signal}` };
        return { phase: 'done', outcome: 'failure', description: `shell command exited with code ${exit.code}` };
      }
      const pid = Number(run.extra?.pid ?? 0);
      if (pid > 0 && alive(pid)) return { phase: 'running', description: 'shell command running' };
      return {
        phase: 'done',
        outcome: 'error',
        description: 'the shell command is gone without an exit code (heaven restarted while it ran?)',
      };
    },
    async cancel(run: CiRun) {
      const pid = Number(run.extra?.pid ?? 0);
      if (pid > 0 && !existsSync(exitPath(opts.logDir, run.id))) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    },
  };
}

function readExit(dir: string, id: string): { code: number | null; signal: string | null } | null {
  try {
    return JSON.parse(readFileSync(exitPath(dir, id), 'utf8')) as { code: number | null; signal: string | null };
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
