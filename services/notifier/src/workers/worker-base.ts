import type { Logger, Metrics } from '@chatops/shared/runtime';
import type { WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** What every worker of the notifier runs on. */
export type WorkerBase = {
  connection: Redis;
  prefix: string;
  logger: Logger;
  metrics: Metrics;
  concurrency?: number;
  workerOptions: Partial<WorkerOptions>;
};
