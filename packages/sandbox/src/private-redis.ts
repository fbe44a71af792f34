import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasCommand, RedisNode } from './redis-node.js';
import { freePort } from './start-stack.js';

/**
 * A redis-server of our own on a free port, with AOF (fsync on every write), so that a test or the
 * chaos run can stop, kill and restart it without touching the shared Redis.
 */
export class PrivateRedis {
  private node: RedisNode | null = null;
  readonly dir = mkdtempSync(join(tmpdir(), 'chatops-private-redis-'));
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.node?.running ?? false;
  }

  static available(): boolean {
    return hasCommand('redis-server');
  }

  /** Starts it (on the same port and data directory as before, after a stop). */
  async start(timeoutMs = 10_000): Promise<string> {
    if (!this.port) this.port = await freePort();
    this.node ??= new RedisNode(this.port, 'redis-server', [
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
    ]);
    await this.node.start(timeoutMs);
    return this.url;
  }

  /** SIGKILL (a crash: only the AOF survives) or SIGTERM (a clean shutdown). */
  async stop(signal: 'SIGKILL' | 'SIGTERM' = 'SIGTERM'): Promise<void> {
    await this.node?.stop(signal);
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
