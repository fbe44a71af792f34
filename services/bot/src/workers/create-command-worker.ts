import { chatCommandJobSchema, QUEUES } from '@chatops/shared/contracts';
import {
  createJobWorker,
  instrumentPort,
  jobLockOptions,
  type Logger,
  type Metrics,
  type Redis,
} from '@chatops/shared/runtime';
import type { Worker } from 'bullmq';
import { cacheUserNames } from '../adapters/user-name-cache.js';
import type { CommandDeps } from '../handlers/command-context.js';
import { runCommand } from '../handlers/run-command.js';

export type CommandWorkerOptions = {
  connection: Redis;
  prefix: string;
  logger: Logger;
  metrics?: Metrics;
  concurrency: number;
  /** BOT_JOB_LOCK_MS: a killed worker's job is taken over after about 1.25 × this. */
  lockMs: number;
  /** false: the worker takes jobs only once `run()` is called (tests). */
  autorun?: boolean;
};

/**
 * The worker of the chat-commands queue: a thin shell that parses each job, runs its command
 * (GitHub calls, Slack messages, answers to the person) and lets createJobWorker map failures.
 */
export function createCommandWorker(commandDeps: CommandDeps, options: CommandWorkerOptions): Worker {
  const { metrics } = options;
  // Latency and errors of every Slack and GitHub call, per API (GET /metrics).
  const deps: CommandDeps = {
    ...commandDeps,
    github: instrumentPort(commandDeps.github, 'github', metrics),
    // Names from users.info are reused for a minute (metrics count only the calls that reach Slack).
    slack: cacheUserNames(instrumentPort(commandDeps.slack, 'slack', metrics), commandDeps.clock),
    responder: instrumentPort(commandDeps.responder, 'slack', metrics),
  };
  return createJobWorker({
    queue: QUEUES.chatCommands,
    schema: chatCommandJobSchema,
    connection: options.connection,
    prefix: options.prefix,
    logger: options.logger,
    metrics,
    concurrency: options.concurrency,
    workerOptions: { ...jobLockOptions(options.lockMs), autorun: options.autorun ?? true },
    handle: async (job, { job: bullJob, log }) => {
      const lastAttempt = bullJob.attemptsMade + 1 >= (bullJob.opts.attempts ?? 1);
      const press = job.command.action === 'confirm';
      const target = {
        responseUrl: job.response_url,
        receivedAt: job.received_at,
        channel: job.channel_id,
        user: job.requester.slack_user_id,
      };
      await runCommand({
        job,
        deps,
        log,
        lastAttempt,
        reply: (reply) =>
          deps.responder.respond(target, {
            response_type: 'ephemeral',
            ...(press ? { replace_original: false } : {}),
            ...reply,
          }),
      });
    },
  });
}
