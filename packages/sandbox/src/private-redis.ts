import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './start-stack.js';

/**
 * A redis-server of our own on a free port, with AOF (fsync on every write), so that a test or the
 * chaos run can stop, kill and restart it without touching the shared Redis.
 */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  readonly dir = mkdtempSync(join(tmpdir(), 'chatops-private-redis-'));
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  static available(): boolean {
    return spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim() !== '';
  }

  /** Starts it (on the same port and data directory as before, after a stop). */
  async start(timeoutMs = 10_000): Promise<string> {
    if (!this.port) this.port = await freePort();
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
    ];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    this.child = child;
    this.exited = new Promise((r) => child.once('exit', () => r()));
    const deadline = Date.now() + timeoutMs;
    while (!(await ping(this.port))) {
      if (Date.now() > deadline || !this.running)
        throw new Error(`[sandbox] redis-server on port ${this.port} did not answer within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.url;
  }

  /** SIGKILL (a crash: only the AOF survives) or SIGTERM (a clean shutdown). */
  async stop(signal: 'SIGKILL' | 'SIGTERM' = 'SIGTERM'): Promise<void> {
    if (!this.running) return;
    this.child!.kill(signal);
    await this.exited;
  }

  async restart(signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL', downMs = 0): Promise<void> {
    await this.stop(signal);
    if (downMs) await new Promise((r) => setTimeout(r, downMs));
    await this.start();
  }

  /** Stops it and deletes its data directory. */
  async dispose(): Promise<void> {
    await this.stop('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().includes('PONG')));
  });
}
