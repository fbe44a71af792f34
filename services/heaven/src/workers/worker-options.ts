import { jobLockOptions, type Logger, type Metrics, type Redis } from '@chatops/shared/runtime';

/** What every heaven worker is built with (createJobWorker's options but the queue, schema and handler). */
export type WorkerBase = {
  connection: Redis;
  prefix: string;
  logger: Logger;
  metrics?: Metrics;
  concurrency?: number;
  /** false: the worker is built but takes no job (tests that look at what the routes enqueued). */
  autorun?: boolean;
};

/**
 * The options of createJobWorker common to heaven's workers (jobLockOptions: a killed heaven's jobs are
 * taken over about 1.25 × lockMs later).
 */
export function workerOptions(base: WorkerBase, lockMs: number) {
  return {
    connection: base.connection,
    prefix: base.prefix,
    logger: base.logger,
    metrics: base.metrics,
    concurrency: base.concurrency,
    workerOptions: { ...jobLockOptions(lockMs), autorun: base.autorun ?? true },
  };
}
