import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { HttpApp } from '../http/create-http-app.js';
import { waitForRedis } from '../redis/redis.js';

type Closable = { close(): Promise<unknown>; waitUntilReady?(): Promise<unknown> };
type Connecting = Pick<Closable, 'waitUntilReady'>;

/** How long closing waits for a queue or worker still connecting (Redis answers: it takes a moment). */
const CONNECTING_WAIT_MS = 3000;

/**
 * Every service closes the same way, in this order: HTTP (no new requests; idle keep-alive
 * connections closed as they go idle), the workers (running jobs finish), the queues and producers,
 * then Redis.
 */
export async function closeService(parts: {
  app: HttpApp;
  workers: Worker[];
  queues?: Closable[];
  connections: Redis[];
  logger?: Pick<Logger, 'debug'>;
}): Promise<void> {
  await parts.app.close();
  // A Redis that never answered (or is away now) has nothing to finish: waiting for it would hold the
  // process until it came back. Then workers are closed without waiting and connections dropped.
  const redisUp = parts.connections.every((r) => r.status === 'ready');
  // BullMQ closes a worker or queue that is still connecting without waiting for it, and removes its
  // listeners: the connecting then fails with an error nobody hears, which ends the process. So
  // closing lets what is connecting finish first (a moment, since Redis answers).
  if (redisUp) await settled([...parts.workers, ...(parts.queues ?? [])], CONNECTING_WAIT_MS);
  parts.logger?.debug('closing: HTTP closed, closing workers');
  await Promise.all(parts.workers.map((w) => w.close(!redisUp)));
  parts.logger?.debug('closing: workers closed, closing queues');
  if (!redisUp) for (const r of parts.connections) r.disconnect();
  await Promise.all((parts.queues ?? []).map((q) => q.close().catch(() => undefined)));
  parts.logger?.debug('closing: queues closed, closing Redis');
  await Promise.all(
    parts.connections.map((r) => (r.status === 'ready' ? r.quit().catch(() => r.disconnect()) : r.disconnect())),
  );
}

/** Waits until each part is ready (or failed), at most `ms`. */
async function settled(parts: Connecting[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  const ready = Promise.all(parts.map((p) => p.waitUntilReady?.().catch(() => undefined)));
  await Promise.race([ready, late]);
  clearTimeout(timer);
}

/**
 * Every service starts the same way: it waits up to `timeoutMs` for Redis, then listens whatever
 * happened. A service whose Redis is away still answers (`/readyz` 503, webhooks 503, Slack "try
 * again in a moment") and recovers by itself when Redis comes back. False when Redis did not answer.
 */
export async function awaitRedis(
  connections: Redis[],
  logger: Pick<Logger, 'warn'>,
  timeoutMs = 10_000,
): Promise<boolean> {
  try {
    await Promise.all(connections.map((r) => waitForRedis(r, timeoutMs)));
    return true;
  } catch {
    logger.warn(`Redis does not answer after ${timeoutMs} ms; listening anyway (/readyz answers 503 until it does)`);
    return false;
  }
}
