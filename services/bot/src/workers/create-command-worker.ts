import { chatCommandJobSchema, QUEUES } from '@chatops/shared/contracts';
import { createJobWorker, type JobWorkerBase } from '@chatops/shared/runtime';
import type { Worker } from 'bullmq';
import type { CommandDeps } from '../handlers/command-context.js';
import { replyInThread } from '../handlers/reply-in-thread.js';
import { runCommand } from '../handlers/run-command.js';

/**
 * The worker of the chat-commands queue: a thin shell that parses each job, runs its command
 * (GitHub calls, Slack messages, answers to the person) and lets createJobWorker map failures.
 * An @-mention's command (`thread_ts`) is answered in the mention's thread, any other through the responder.
 */
export function createCommandWorker(base: JobWorkerBase, deps: CommandDeps): Worker {
  return createJobWorker({
    ...base,
    queue: QUEUES.chatCommands,
    schema: chatCommandJobSchema,
    handle: async (job, { job: bullJob, log }) => {
      const lastAttempt = bullJob.attemptsMade + 1 >= (bullJob.opts.attempts ?? 1);
      // A button's answers never replace the message it is on.
      const press =
        job.command.action === 'confirm' || job.command.action === 'press' || job.command.action === 'approve';
      const { thread_ts } = job;
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
          thread_ts
            ? replyInThread(deps.slack, { channel: job.channel_id, thread_ts }, reply)
            : deps.responder.respond(target, {
                response_type: 'ephemeral',
                ...(press ? { replace_original: false } : {}),
                ...reply,
              }),
      });
    },
  });
}
