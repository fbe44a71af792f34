import { Queue, type QueueOptions } from 'bullmq';
import type { Logger } from 'pino';
import { queueTelemetry } from '../telemetry/bullmq-telemetry.js';

/**
 * A BullMQ queue with its `error` listener attached (an EventEmitter `error` without a listener
 * would crash the process when Redis drops the connection), and BullMQ's telemetry while tracing is on.
 */
export function createQueue(name: string, options: QueueOptions & { logger?: Logger }): Queue {
  const { logger, ...queueOptions } = options;
  const telemetry = queueTelemetry();
  const queue = new Queue(name, telemetry ? { telemetry, ...queueOptions } : queueOptions);
  queue.on('error', (error) => logger?.warn({ err: error, queue: name }, `queue ${name}: ${error.message}`));
  return queue;
}
