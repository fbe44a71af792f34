import type { RedisOptions } from 'ioredis';

const DEFAULT_SENTINEL_PORT = 26379;

/**
 * The ioredis options of a Redis Sentinel URL, or null for any other URL:
 * `redis+sentinel://[:PASSWORD@]HOST[:PORT]/MASTER_NAME[?sentinels=HOST:PORT,…][&sentinel_password=…][&db=N]`.
 * `rediss+sentinel://` adds TLS to the Redis servers. One host fits in the URL's authority (so it stays
 * a valid URL); the other Sentinels go in `sentinels`.
 */
export function parseSentinelUrl(url: string): RedisOptions | null {
  const u = new URL(url);
  if (u.protocol !== 'redis+sentinel:' && u.protocol !== 'rediss+sentinel:') return null;
  const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!name) throw new Error('a redis+sentinel:// URL needs the master name as its path');
  const extra = (u.searchParams.get('sentinels') ?? '').split(',').filter(Boolean);
  const sentinels = [`${u.hostname}:${u.port}`, ...extra].map((hostPort) => {
    const i = hostPort.lastIndexOf(':');
    const host = i > 0 ? hostPort.slice(0, i) : hostPort;
    const port = i > 0 && hostPort.slice(i + 1) ? Number(hostPort.slice(i + 1)) : DEFAULT_SENTINEL_PORT;
    return { host: host.replace(/^\[|\]$/g, ''), port };
  });
  const options: RedisOptions = { sentinels, name };
  if (u.password) options.password = decodeURIComponent(u.password);
  if (u.username) options.username = decodeURIComponent(u.username);
  const sentinelPassword = u.searchParams.get('sentinel_password');
  if (sentinelPassword) options.sentinelPassword = sentinelPassword;
  const db = u.searchParams.get('db');
  if (db) options.db = Number(db);
  if (u.protocol === 'rediss+sentinel:') options.tls = {};
  return options;
}
