import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisNode, until, withRedis } from './redis-node.js';
import { freePort } from './start-stack.js';

/**
 * A real Redis Cluster of three primaries (no replicas) on local ports, each in a temp directory,
 * made with `redis-cli --cluster create`. The services reach it through
 * REDIS_URL=redis+cluster://…; every key they write carries the queue prefix's hash tag, so all of
 * them live in one slot, on one primary.
 */
export class ClusterRedis {
  readonly dir = mkdtempSync(join(tmpdir(), 'chatops-cluster-'));
  private nodes: RedisNode[] = [];

  /** REDIS_URL in the documented Cluster form. */
  get url(): string {
    const [first, ...others] = this.nodes;
    return `redis+cluster://${first!.address}?nodes=${others.map((n) => n.address).join(',')}`;
  }

  async start(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const dir = join(this.dir, `node-${port}`);
      mkdirSync(dir);
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--cluster-enabled', 'yes'];
      args.push('--cluster-config-file', join(dir, 'nodes.conf'), '--cluster-node-timeout', '2000');
      args.push('--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction');
      const node = new RedisNode(port, 'redis-server', args);
      await node.start();
      this.nodes.push(node);
    }
    const create = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...this.nodes.map((n) => n.address), '--cluster-replicas', '0', '--cluster-yes'],
      { encoding: 'utf8' },
    );
    if (create.status !== 0)
      throw new Error(`[sandbox] redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
    for (const n of this.nodes)
      await until(
        async () => (await withRedis(n.port, (r) => r.cluster('INFO'))).includes('cluster_state:ok'),
        `cluster node ${n.port} did not reach cluster_state:ok`,
      );
  }

  /** The primary that holds `key`'s slot, as a plain redis:// URL (for the checks after a run). */
  async urlOf(key: string): Promise<string> {
    const slot = await withRedis(this.nodes[0]!.port, (r) => r.cluster('KEYSLOT', key));
    const slots = await withRedis(this.nodes[0]!.port, (r) => r.cluster('SLOTS'));
    const owner = slots.find(([from, to]) => slot >= from && slot <= to)?.[2];
    if (!owner) throw new Error(`[sandbox] no node holds slot ${slot}`);
    return `redis://${owner[0]}:${owner[1]}`;
  }

  /** The chaos run's view (see ChaosRedis): the primary of the prefix's slot. */
  directUrl(prefix: string): Promise<string> {
    return this.urlOf(`${prefix}:any`);
  }

  /** Keys per primary, as `disrupt()` found them mid-run. */
  midRunKeys: number[] = [];

  /**
   * The chaos run's disruption (see ChaosRedis): none; it counts the keys on each primary mid-run
   * (all under the one hash tag: on one primary, none elsewhere).
   */
  async disrupt(): Promise<string> {
    this.midRunKeys = await this.keysPerNode();
    return `Cluster: keys per primary mid-run ${this.midRunKeys.join(' / ')}`;
  }

  /** How many keys each primary holds. */
  async keysPerNode(): Promise<number[]> {
    return Promise.all(this.nodes.map((n) => withRedis(n.port, (r) => r.dbsize())));
  }

  async dispose(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop('SIGTERM')));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
