import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

export type ServiceName = 'bot' | 'heaven' | 'notifier';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export function serviceEntry(name: ServiceName): string {
  return resolve(ROOT, 'services', name, 'dist', 'main.js');
}

/**
 * One service run as its own process from its built output, the way production runs it. Its JSON
 * log lines are kept (and searchable); `url` comes from its "listening" line, so PORT=0 works.
 */
export class ServiceProcess {
  readonly logs: string[] = [];
  url = '';
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);

  constructor(
    readonly name: ServiceName,
    private env: Record<string, string>,
    private readonly onLine?: (name: ServiceName, line: string) => void,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and resolves with its URL once it listens. Keeps the port across restarts. */
  async start(timeoutMs = 20_000): Promise<string> {
    const port = this.url ? new URL(this.url).port : (this.env.PORT ?? '0');
    const child = spawn(process.execPath, [serviceEntry(this.name)], {
      env: { ...process.env, ...this.env, PORT: port, HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((r) => child.once('exit', (code) => r(code)));
    let buffer = '';
    const listening = new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `[sandbox] ${this.name} did not listen within ${timeoutMs} ms:\n${this.logs.slice(-20).join('\n')}`,
            ),
          ),
        timeoutMs,
      );
      const onData = (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          this.logs.push(line);
          this.onLine?.(this.name, line);
          const url = listeningUrl(line);
          if (url) {
            clearTimeout(timer);
            resolveUrl(url);
          }
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(
          new Error(`[sandbox] ${this.name} exited with ${code} before listening:\n${this.logs.slice(-20).join('\n')}`),
        );
      });
    });
    this.url = await listening;
    return this.url;
  }

  /** SIGTERM, and SIGKILL if it has not exited after `graceMs`. Resolves with the exit code. */
  async stop(graceMs = 10_000): Promise<number | null> {
    if (!this.running) return this.child?.exitCode ?? null;
    this.child!.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  /** SIGKILL: the process dies at once, mid-work, as in a crash. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGKILL');
    await this.exited;
  }

  async restart(): Promise<string> {
    await this.kill();
    return this.start();
  }

  setEnv(extra: Record<string, string>): void {
    this.env = { ...this.env, ...extra };
  }
}

function listeningUrl(line: string): string | null {
  if (!line.includes('"listening"')) return null;
  try {
    const parsed = JSON.parse(line) as { msg?: string; url?: string };
    return parsed.msg === 'listening' && parsed.url ? parsed.url : null;
  } catch {
    return null;
  }
}
