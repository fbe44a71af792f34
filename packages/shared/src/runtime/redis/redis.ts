import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { parseClusterUrl } from './redis-cluster.js';
import { parseSentinelUrl } from './redis-sentinel.js';

export { Redis };

/**
 * Redis connections. Workers must wait out an outage (`maxRetriesPerRequest: null`);
 * producers on the request path fail fast (`enableOfflineQueue: false`) so an HTTP handler can
 * answer 503 instead of hanging. No auto-pipelining: measured on the intake paths, ioredis's
 * per-batch Pipeline (which copies every BullMQ script onto itself) cost more CPU per request than
 * the socket writes it saves.
 */
export function createRedis(
  url: string,
  role: 'worker' | 'producer',
  extra: RedisOptions & { logger?: Pick<Logger, 'warn'> } = {},
): Redis {
  const { logger, ...redisOptions } = extra;
  const base: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, enableReadyCheck: true };
  const options: RedisOptions = { ...base, retryStrategy: (times) => Math.min(times * 200, 2000), lazyConnect: false };
  // Redis Sentinel: redis+sentinel://HOST:PORT/MASTER_NAME?sentinels=… (see redis-sentinel.ts). A
  // failover is followed at once (failoverDetector: the Sentinels' +switch-master), and a command that
  // reached the old primary after it became a replica (READONLY: not run) is sent again to the new one.
  const sentinel = parseSentinelUrl(url);
  // Redis Cluster: redis+cluster://HOST:PORT?nodes=… (see redis-cluster.ts). The services use the
  // cluster client wherever they use a connection: BullMQ takes it as is, and chatops's own commands
  // touch only keys under the one hash tag, so every multi-key command stays in one slot.
  const cluster = sentinel ? null : parseClusterUrl(url);
  const redis = sentinel
    ? new Redis({ ...options, ...sentinel, ...SENTINEL_OPTIONS, ...redisOptions })
    : cluster
      ? (new Cluster(cluster.nodes, {
          ...CLUSTER_OPTIONS,
          redisOptions: { ...options, ...cluster.redisOptions, ...redisOptions },
          ...clusterLevel(options, redisOptions),
        }) as unknown as Redis)
      : new Redis(url, { ...options, ...redisOptions });
  const acks = sentinel ? replicaAcksOfUrl(url) : undefined;
  if (acks) replicaAcksByConnection.set(redis, acks);
  // An 'error' without a listener is printed unstructured by ioredis: log it (it reconnects by itself).
  if (logger) redis.on('error', (error) => logger.warn({ err: error, redis: role }, `Redis: ${error.message}`));
  return redis;
}

/** Replicas that must acknowledge a batch of jobs before it counts as written (WAIT), and how long to wait. */
export type ReplicaAcks = { replicas: number; timeoutMs: number };
const replicaAcksByConnection = new WeakMap<object, ReplicaAcks>();

/** What a connection asks of its replicas (`replica_acks=N` in a Sentinel URL), if anything. */
export function replicaAcksOf(connection: object): ReplicaAcks | undefined {
  return replicaAcksByConnection.get(connection);
}

function replicaAcksOfUrl(url: string): ReplicaAcks | undefined {
  const params = new URL(url).searchParams;
  const replicas = Number(params.get('replica_acks') ?? 0);
  if (!Number.isInteger(replicas) || replicas <= 0) return undefined;
  return { replicas, timeoutMs: Number(params.get('replica_ack_timeout_ms') ?? 500) };
}

const readOnly = (error: Error) => error.message.startsWith('READONLY');
const SENTINEL_OPTIONS: RedisOptions = { failoverDetector: true, reconnectOnError: (e) => (readOnly(e) ? 2 : false) };
const CLUSTER_OPTIONS = { slotsRefreshTimeout: 2000, retryDelayOnFailover: 200, retryDelayOnClusterDown: 300 };

/** The options a Cluster reads at its own level rather than per node (offline queue, ready check, retries). */
function clusterLevel(options: RedisOptions, extra: RedisOptions) {
  const merged = { ...options, ...extra };
  return {
    enableOfflineQueue: merged.enableOfflineQueue ?? true,
    enableReadyCheck: merged.enableReadyCheck ?? true,
    lazyConnect: merged.lazyConnect ?? false,
    maxRedirections: 16,
    clusterRetryStrategy: (times: number) => Math.min(times * 200, 2000),
  };
}

/** Resolves once the connection is ready, or rejects after `timeoutMs`. */
export async function waitForRedis(redis: Redis, timeoutMs = 5000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}

export async function redisAnswers(redis: Redis): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  try {
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  }
}
