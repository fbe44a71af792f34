import type { ClusterNode, ClusterOptions } from 'ioredis';

const DEFAULT_PORT = 6379;

/**
 * The seed nodes and options of a Redis Cluster URL, or null for any other URL:
 * `redis+cluster://[[USER]:PASSWORD@]HOST[:PORT][?nodes=HOST:PORT,…]`. `rediss+cluster://` adds TLS.
 * One node fits in the URL's authority (so it stays a valid URL); the other seeds go in `nodes`.
 * Every key must share one hash tag (`CHATOPS_QUEUE_PREFIX`, `{chatops}` by default): BullMQ's
 * scripts and chatops's transactions touch several keys at once.
 */
export function parseClusterUrl(
  url: string,
): { nodes: ClusterNode[]; redisOptions: NonNullable<ClusterOptions['redisOptions']> } | null {
  const u = new URL(url);
  if (u.protocol !== 'redis+cluster:' && u.protocol !== 'rediss+cluster:') return null;
  const extra = (u.searchParams.get('nodes') ?? '').split(',').filter(Boolean);
  const nodes = [`${u.hostname}:${u.port}`, ...extra].map((hostPort) => {
    const i = hostPort.lastIndexOf(':');
    const host = i > 0 ? hostPort.slice(0, i) : hostPort;
    const port = i > 0 && hostPort.slice(i + 1) ? Number(hostPort.slice(i + 1)) : DEFAULT_PORT;
    return { host: host.replace(/^\[|\]$/g, ''), port };
  });
  const redisOptions: NonNullable<ClusterOptions['redisOptions']> = {};
  if (u.password) redisOptions.password = decodeURIComponent(u.password);
  if (u.username) redisOptions.username = decodeURIComponent(u.username);
  if (u.protocol === 'rediss+cluster:') redisOptions.tls = {};
  return { nodes, redisOptions };
}
