import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasCommand, RedisNode, until, withRedis } from './redis-node.js';
import { freePort } from './start-stack.js';

const MASTER = 'mymaster';

/**
 * The settings of both data nodes, as docs/RESILIENCE.md recommends for Sentinel: AOF fsynced on
 * every write, and a primary that refuses writes unless a replica is attached and at most 5 s behind
 * (a primary cut off from its replica, or demoted by a failover, stops taking writes that would be lost).
 */
const DATA_NODE_SETTINGS = [
  ['appendonly', 'yes'],
  ['appendfsync', 'always'],
  ['save', ''],
  ['min-replicas-to-write', '1'],
  ['min-replicas-max-lag', '5'],
  ['maxmemory-policy', 'noeviction'],
];

/**
 * A real Sentinel setup on local ports: a primary, a replica and three Sentinels (quorum 2), each in
 * a temp directory. `failover()` asks a Sentinel to fail the primary over (SENTINEL FAILOVER), as an
 * operator does before maintenance, and waits until the old primary replicates from the new one.
 */
export class SentinelRedis {
  readonly dir = mkdtempSync(join(tmpdir(), 'chatops-sentinel-'));
  private data: RedisNode[] = [];
  private sentinels: RedisNode[] = [];

  /**
   * REDIS_URL in the documented Sentinel form, with `replica_acks=1`: a job counts as added (a slash
   * command is answered, a webhook acknowledged) only once the replica holds it too.
   */
  get url(): string {
    const [first, ...others] = this.sentinels;
    const sentinels = others.map((s) => s.address).join(',');
    return `redis+sentinel://${first!.address}/${MASTER}?sentinels=${sentinels}&replica_acks=1`;
  }

  static available(): boolean {
    return hasCommand('redis-server') && (hasCommand('redis-sentinel') || hasCommand('redis-server'));
  }

  async start(): Promise<void> {
    const [primaryPort, replicaPort] = [await freePort(), await freePort()];
    for (const [port, replicaOf] of [
      [primaryPort, null],
      [replicaPort, primaryPort],
    ] as const) {
      const dir = join(this.dir, `redis-${port}`);
      mkdirSync(dir);
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
      for (const [k, v] of DATA_NODE_SETTINGS) args.push(`--${k}`, v!);
      if (replicaOf) args.push('--replicaof', '127.0.0.1', String(replicaOf));
      const node = new RedisNode(port, 'redis-server', args);
      await node.start();
      this.data.push(node);
    }
    await until(() => this.linkUp(replicaPort), 'the replica did not sync');
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const file = join(this.dir, `sentinel-${port}.conf`);
      writeFileSync(
        file,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${this.dir}`,
          `sentinel monitor ${MASTER} 127.0.0.1 ${primaryPort} 2`,
          `sentinel down-after-milliseconds ${MASTER} 1000`,
          `sentinel failover-timeout ${MASTER} 10000`,
          `sentinel parallel-syncs ${MASTER} 1`,
          '',
        ].join('\n'),
      );
      // Debian's redis-sentinel package; redis-server --sentinel is the same program.
      const node = hasCommand('redis-sentinel')
        ? new RedisNode(port, 'redis-sentinel', [file])
        : new RedisNode(port, 'redis-server', [file, '--sentinel']);
      await node.start();
      this.sentinels.push(node);
    }
    // Each Sentinel must know the replica and the two other Sentinels before it can fail over.
    for (const s of this.sentinels)
      await until(
        async () =>
          (await this.sentinelAsk(s.port, ['replicas', MASTER])).length === 1 &&
          (await this.sentinelAsk(s.port, ['sentinels', MASTER])).length === 2,
        `Sentinel ${s.port} did not find the replica and the other Sentinels`,
      );
  }

  /** The current primary, as the Sentinels say. */
  async primary(): Promise<string> {
    const [host, port] = (await this.sentinelAsk(this.sentinels[0]!.port, ['get-master-addr-by-name', MASTER])) as [
      string,
      string,
    ];
    return `${host}:${port}`;
  }

  /** A plain redis:// URL of the current primary (for the checks after a run). */
  async directUrl(): Promise<string> {
    return `redis://${await this.primary()}`;
  }

  /** SENTINEL FAILOVER; resolves once the replica is the primary and the old primary replicates from it. */
  async failover(): Promise<string> {
    const before = await this.primary();
    await this.sentinelAsk(this.sentinels[0]!.port, ['failover', MASTER]);
    await until(async () => (await this.primary()) !== before, 'the Sentinels did not promote the replica');
    const after = await this.primary();
    const old = this.data.find((n) => n.address === before)!;
    await until(() => this.linkUp(old.port), 'the old primary did not become a replica of the new one');
    return `SENTINEL FAILOVER: primary ${before} → ${after}; ${before} now replicates from it`;
  }

  /** The chaos run's disruption (see ChaosRedis): a failover. */
  disrupt(): Promise<string> {
    return this.failover();
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.sentinels, ...this.data].map((n) => n.stop('SIGTERM')));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async sentinelAsk(port: number, args: string[]): Promise<unknown[]> {
    return (await withRedis(port, (r) => r.call('sentinel', ...args))) as unknown[];
  }

  /** True when the node on `port` is a replica whose link to its primary is up. */
  private async linkUp(port: number): Promise<boolean> {
    const info = (await withRedis(port, (r) => r.info('replication'))) as string;
    return info.includes('role:slave') && info.includes('master_link_status:up');
  }
}
