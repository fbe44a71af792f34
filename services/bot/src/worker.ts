import { chatCommandJobSchema, QUEUES } from '@chatops/shared/contracts';
import { createJobWorker, instrumentPort, type Metrics } from '@chatops/shared/runtime';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { runCommand } from './handlers/run-command.js';
import { cacheUserNames } from './handlers/user-name-cache.js';
import type { WorkerDeps } from './handlers/worker-deps.js';

export type BotWorkerOptions = {
  connection: Redis;
  prefix: string;
  logger: Logger;
  metrics?: Metrics;
  concurrency?: number;
  lockMs?: number;
};

/** The bot's worker: runs chat commands (GitHub calls, Slack messages, replies) off the request path. */
export function createBotWorker(workerDeps: WorkerDeps, options: BotWorkerOptions): Worker {
  // Latency and errors of every Slack and GitHub call, per API (GET /metrics).
  const { metrics } = options;
  const deps: WorkerDeps = {
    ...workerDeps,
    github: instrumentPort(workerDeps.github, 'github', metrics),
    // Names from users.info are reused for a minute (metrics count only the calls that reach Slack).
    slack: cacheUserNames(instrumentPort(workerDeps.slack, 'slack', metrics), workerDeps.clock),
    responder: instrumentPort(workerDeps.responder, 'slack', metrics),
  };
  return createJobWorker({
    queue: QUEUES.chatCommands,
    schema: chatCommandJobSchema,
    connection: options.connection,
    prefix: options.prefix,
    logger: options.logger,
    metrics: options.metrics,
    concurrency: options.concurrency ?? 4,
    // A job whose worker was killed is taken over after lockMs; many kills in a row never drop it.
    workerOptions: {
      lockDuration: options.lockMs ?? 30_000,
      stalledInterval: options.lockMs ?? 30_000,
      maxStalledCount: 10,
    },
    handle: async (job, { job: bullJob, log }) => {
      const lastAttempt = bullJob.attemptsMade + 1 >= (bullJob.opts.attempts ?? 1);
      const press = job.command.action === 'confirm';
      await runCommand({
        job,
        deps,
        log,
        lastAttempt,
        reply: (reply) =>
          deps.responder.respond(job.response_url, {
            response_type: 'ephemeral',
            ...(press ? { replace_original: false } : {}),
            ...reply,
          }),
      });
    },
  });
}
