import { afterEach, describe, expect, it } from '@jest/globals';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { closeService, createHttpApp, createJobWorker, createLogger, createQueue } from '@chatops/shared/runtime';
import { REDIS_URL, testPrefix } from '@chatops/testkit';

/**
 * A TCP proxy to the tests' Redis whose connections after the first answer at once until their second
 * INFO (ioredis's ready check is the first, BullMQ's version check the second), then a second late: a
 * worker's own connection is ready while BullMQ still waits for its version check, the moment a
 * process that stops at once closes it.
 */
async function slowAfterReady(): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(REDIS_URL);
  let connections = 0;
  const server: Server = createServer((client) => {
    const first = connections++ === 0;
    const upstream = connect(Number(target.port || 6379), target.hostname);
    let infos = 0;
    client.on('data', (d) => {
      infos += String(d).toLowerCase().split('$4\r\ninfo\r\n').length - 1;
      upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (first || infos < 2) client.write(d);
      else setTimeout(() => client.writable && client.write(d), 1000);
    });
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      a.on('error', () => a.destroy());
      a.on('close', () => b.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(REDIS_URL);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('closeService', () => {
  const closers: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('lets a worker and a queue that are still connecting finish before it closes them', async () => {
    const proxy = await slowAfterReady();
    closers.push(() => proxy.close());
    const lines: string[] = [];
    const logger = createLogger({ name: 'test', level: 'debug', destination: { write: (l) => void lines.push(l) } });
    const prefix = testPrefix('close');
    const redis = new Redis(proxy.url, { maxRetriesPerRequest: null });
    await new Promise((resolve) => redis.once('ready', resolve));
    const worker = createJobWorker({
      queue: 'jobs',
      schema: z.object({}),
      connection: redis,
      prefix,
      logger,
      handle: async () => undefined,
    });
    const queue = createQueue('jobs', { connection: redis, prefix, logger });
    // the worker's own connection is ready; BullMQ's version check on it waits for its answer
    await new Promise((resolve) => setTimeout(resolve, 200));
    const app = createHttpApp({ logger });

    await closeService({ app, workers: [worker], queues: [queue], connections: [redis], logger });
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(worker.isRunning()).toBe(false);
    expect(redis.status).toBe('end');
    expect(lines.filter((l) => l.includes('Connection is closed'))).toEqual([]);
  });
});
