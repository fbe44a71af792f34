import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
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
  // Redis Sentinel: redis+sentinel://HOST:PORT/MASTER_NAME?sentinels=… (see redis-sentinel.ts).
  const sentinel = parseSentinelUrl(url);
  const redis = sentinel
    ? new Redis({ ...options, ...sentinel, ...redisOptions })
    : new Redis(url, { ...options, ...redisOptions });
  // An 'error' without a listener is printed unstructured by ioredis: log it (it reconnects by itself).
  if (logger) redis.on('error', (error) => logger.warn({ err: error, redis: role }, `Redis: ${error.message}`));
  return redis;
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
