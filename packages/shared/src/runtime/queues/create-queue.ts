import { Queue, type QueueOptions } from 'bullmq';
import type { Logger } from 'pino';

/**
 * A BullMQ queue with its `error` listener attached (an EventEmitter `error` without a listener
 * would crash the process when Redis drops the connection).
 */
export function createQueue(name: string, options: QueueOptions & { logger?: Logger }): Queue {
  const { logger, ...queueOptions } = options;
  const queue = new Queue(name, queueOptions);
  queue.on('error', (error) => logger?.warn({ err: error, queue: name }, `queue ${name}: ${error.message}`));
  return queue;
}
