import { DelayedError, UnrecoverableError, Worker, type Job, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { BaseError, ExternalApiError, JobDataError } from '../../contracts/errors.js';
import { parseJob } from '../../contracts/jobs/parse-job.js';
import type { Metrics } from '../http/metrics.js';
import { queueTelemetry } from '../telemetry/bullmq-telemetry.js';
import { inSpan, tracingEnabled } from '../telemetry/tracing.js';
import { jobLockOptions } from './job-options.js';

/** Thrown by a handler to run the same job again later (polling, Retry-After), without using an attempt. */
export class RunAgainLater extends Error {
  constructor(
    readonly delayMs: number,
    readonly reason: string,
    /** Runs once the job is in the delayed set (e.g. to promote it when it was woken meanwhile). */
    readonly afterMove?: () => Promise<void>,
  ) {
    super(`run again in ${delayMs} ms: ${reason}`);
    this.name = 'RunAgainLater';
  }
}

export type JobContext = { job: Job; log: Logger; token: string | undefined };

/** What every worker of a service shares: where its jobs are, how it logs and counts, how it holds a job. */
export type JobWorkerBase = {
  connection: Redis;
  prefix: string;
  logger: Logger;
  metrics?: Metrics;
  /** Jobs run at once by this worker (default 8). */
  concurrency?: number;
  /** The lock of a running job (`<SERVICE>_JOB_LOCK_MS`), applied with `jobLockOptions`. */
  lockMs?: number;
  /** false: the worker is built but takes no job until `run()` (tests that look at what was enqueued). */
  autorun?: boolean;
};

export type CreateJobWorkerOptions<S extends z.ZodType> = JobWorkerBase & {
  queue: string;
  schema: S;
  /** Does the work. Throw a retryable error to retry with backoff, a non-retryable one to fail at once. */
  handle: (data: z.infer<S>, ctx: JobContext) => Promise<unknown>;
  workerOptions?: Partial<WorkerOptions>;
  /**
   * Fields every log line of a job carries, from its parsed data (e.g. deploymentId, deliveryId: one grep follows
   * a deployment).
   */
  logContext?: (data: z.infer<S>) => Record<string, unknown>;
  /**
   * The trace a job belongs to, when its data carries one we signed (a deployment's `chatops.trace`):
   * while tracing is on, the handler runs in a span of that trace, linked to the job's own.
   */
  traceOf?: (data: z.infer<S>) => string | undefined;
};

/**
 * A BullMQ worker that parses each job with its schema (bad data fails at once, with a log line that
 * says what was wrong), runs the handler, and maps errors: non-retryable → UnrecoverableError;
 * a 429's Retry-After or RunAgainLater → the job is delayed without spending an attempt;
 * anything else → BullMQ retries with backoff.
 */
export function createJobWorker<S extends z.ZodType>(opts: CreateJobWorkerOptions<S>): Worker {
  const { queue, schema, logger, metrics } = opts;
  const worker = new Worker(
    queue,
    async (job, token) => {
      const bindings = { queue, jobId: job.id, jobName: job.name, attempt: job.attemptsMade + 1 };
      let data: z.infer<S>;
      try {
        data = parseJob(schema, queue, job.data);
      } catch (e) {
        logger.child(bindings).error({ err: e }, (e as Error).message);
        throw new UnrecoverableError((e as Error).message);
      }
      // One child logger per job (each child serializes its bindings once).
      const log = logger.child(opts.logContext ? { ...bindings, ...opts.logContext(data) } : bindings);
      try {
        const handle = () => opts.handle(data, { job, log, token });
        const parent = tracingEnabled() ? opts.traceOf?.(data) : undefined;
        return await (parent ? inSpan('chatops', `${queue} ${job.name}`, { parent }, handle) : handle());
      } catch (e) {
        if (e instanceof RunAgainLater) {
          await job.moveToDelayed(Date.now() + e.delayMs, token);
          await e.afterMove?.().catch((err: unknown) => log.warn({ err }, 'after moving the job to the delayed set'));
          throw new DelayedError(e.reason);
        }
        if (e instanceof ExternalApiError && e.retryable && e.context?.retryAfterMs) {
          log.warn(
            { retryAfterMs: e.context.retryAfterMs, api: e.context.api },
            `rate limited by ${e.context.api}; waiting as asked`,
          );
          await job.moveToDelayed(Date.now() + e.context.retryAfterMs, token);
          throw new DelayedError(e.message);
        }
        if ((e instanceof BaseError && !e.retryable) || e instanceof JobDataError) {
          log.error({ err: e, code: (e as BaseError).code }, `job failed for good: ${(e as Error).message}`);
          throw new UnrecoverableError((e as Error).message);
        }
        log.warn({ err: e }, `job failed, will retry: ${(e as Error).message}`);
        // Counted as retried only when BullMQ will run it again; a last attempt counts as failed.
        if (job.attemptsMade + 1 < (job.opts.attempts ?? 1)) metrics?.jobs.inc({ queue, outcome: 'retried' });
        throw e;
      }
    },
    {
      connection: opts.connection,
      prefix: opts.prefix,
      concurrency: opts.concurrency ?? 8,
      ...(queueTelemetry() ? { telemetry: queueTelemetry() } : {}),
      ...(opts.lockMs ? jobLockOptions(opts.lockMs) : {}),
      ...(opts.autorun === false ? { autorun: false } : {}),
      ...opts.workerOptions,
    },
  );
  worker.on('completed', () => metrics?.jobs.inc({ queue, outcome: 'completed' }));
  worker.on('failed', (job, error) => {
    const stalledOut = /stalled more than allowable limit/.test(error.message);
    const final =
      !job || stalledOut || error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) metrics?.jobs.inc({ queue, outcome: 'failed' });
  });
  worker.on('error', (error) => logger.error({ err: error, queue }, 'worker error'));
  return worker;
}
