import { jobId, type AppsConfig } from '@chatops/shared/contracts';
import { withTimeout } from '@chatops/shared/runtime';
import type { FastifyBaseLogger } from 'fastify';
import { acknowledgement, commandJob } from '../commands/command-job.js';
import type { Resolved } from '../commands/resolve-command.js';
import { screenCommand } from '../commands/screen-command.js';
import type { Clock, GroupCache, ProducerPort, RateCounter, SlackReply } from '../ports.js';
import type { CommandFields } from './command-fields.js';
import { ENQUEUE_TIMEOUT_MESSAGE, ENQUEUE_TIMEOUT_MS } from './unavailable-reply.js';

export type AcceptDeps = {
  config: AppsConfig;
  rateCounter: RateCounter;
  groups: GroupCache;
  producer: ProducerPort;
  clock: Clock;
  log: FastifyBaseLogger;
};

const ephemeral = (text: string): SlackReply => ({ response_type: 'ephemeral', text });

/**
 * A slash command, answered within Slack's 3 s with no call to Slack or GitHub: a person's mistakes
 * get an ephemeral answer and nothing is enqueued; a valid command is enqueued and acknowledged.
 */
export async function acceptCommand(fields: CommandFields, deps: AcceptDeps): Promise<SlackReply> {
  const screened = await screenCommand(fields, deps);
  switch (screened.kind) {
    case 'refused':
      // Its one line (the request's own line is at debug for a 200).
      deps.log.info(
        { reason: screened.reason, user: fields.user_id, trigger: fields.trigger_id },
        'command not enqueued',
      );
      return ephemeral(screened.text);
    case 'answered':
      return ephemeral(screened.text);
    case 'accepted':
      return enqueue(fields, screened.resolved, deps);
  }
}

/** Enqueues the command job (within 2 s, or the person is told to try again) and acknowledges it. */
async function enqueue(fields: CommandFields, resolved: Resolved, deps: AcceptDeps): Promise<SlackReply> {
  const { command } = resolved;
  await withTimeout(
    deps.producer.command(
      command.action,
      commandJob(fields, command, deps.clock.now()),
      jobId('slack', fields.trigger_id),
    ),
    ENQUEUE_TIMEOUT_MS,
    ENQUEUE_TIMEOUT_MESSAGE,
  );
  deps.log.info({ action: command.action, trigger: fields.trigger_id }, 'command enqueued');
  return ephemeral(acknowledgement(resolved));
}
