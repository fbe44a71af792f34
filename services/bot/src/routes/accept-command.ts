import { jobId, type AppsConfig, type ChatCommandJob } from '@chatops/shared/contracts';
import { withTimeout } from '@chatops/shared/runtime';
import type { FastifyBaseLogger } from 'fastify';
import { checkPermission } from '../commands/check-permission.js';
import { ciParameterRefusal } from '../commands/ci-parameter-check.js';
import { describeCommand } from '../commands/describe-command.js';
import { helpText } from '../commands/help-text.js';
import { parseCommand } from '../commands/parse-command.js';
import { resolveCommand, type Resolved } from '../commands/resolve-command.js';
import { taskName } from '../commands/task-name.js';
import { githubEnvironmentOf } from '../commands/transient-environment.js';
import type { BotStorePort, Clock, ProducerPort, SlackReply } from '../ports.js';
import { loadGroups } from './load-groups.js';
import type { CommandFields } from './command-fields.js';
import { ENQUEUE_TIMEOUT_MESSAGE, ENQUEUE_TIMEOUT_MS } from './unavailable-reply.js';

export type AcceptDeps = {
  config: AppsConfig;
  store: BotStorePort;
  producer: ProducerPort;
  clock: Clock;
  log: FastifyBaseLogger;
};

const ephemeral = (text: string): SlackReply => ({ response_type: 'ephemeral', text });
/** The parser suggests `/deploy …`; answer with the command name the person used. */
const renamed = (text: string, command: string): string => text.split('`/deploy ').join(`\`${command} `);

/**
 * A slash command, answered within Slack's 3 s with no call to Slack or GitHub: a person's mistakes
 * get an ephemeral answer and nothing is enqueued; a valid command is enqueued and acknowledged.
 */
export async function acceptCommand(fields: CommandFields, deps: AcceptDeps): Promise<SlackReply> {
  const { config, store, clock } = deps;
  /** An answer with nothing enqueued, with its line (the request's own line is at debug for a 200). */
  const refuse = (reason: string, text: string): SlackReply => {
    deps.log.info({ reason, user: fields.user_id, trigger: fields.trigger_id }, 'command not enqueued');
    return ephemeral(text);
  };
  if (!(await store.hit(fields.user_id, config.defaults.rate_limit_per_minute, clock()))) {
    return refuse(
      'rate-limited',
      `Slow down: at most ${config.defaults.rate_limit_per_minute} commands a minute. Try again in a minute.`,
    );
  }
  const parsed = parseCommand(fields.text);
  if (!parsed.ok) return refuse('unparsed', renamed(parsed.error, fields.command));
  const groups = await loadGroups(config, store);
  if (parsed.command.action === 'help') return ephemeral(helpText(config, fields.command, fields.user_id, groups));
  const resolved = resolveCommand(config, parsed.command);
  if (!resolved.ok) return refuse('unresolved', resolved.error);
  const decision = checkPermission(resolved.value, fields.user_id, fields.channel_id, groups);
  if (decision.allowed === false) return refuse('not-permitted', decision.reason);
  const tooLong = ciRefusal(resolved.value);
  if (tooLong) return refuse('ci-parameters', tooLong);
  const job: ChatCommandJob = {
    trigger_id: fields.trigger_id,
    team_id: fields.team_id,
    channel_id: fields.channel_id,
    requester: { slack_user_id: fields.user_id, name: fields.user_name },
    response_url: fields.response_url,
    received_at: new Date(clock()).toISOString(),
    command: resolved.value.command,
  };
  const command = resolved.value.command;
  await withTimeout(
    deps.producer.command(command.action, job, jobId('slack', fields.trigger_id)),
    ENQUEUE_TIMEOUT_MS,
    ENQUEUE_TIMEOUT_MESSAGE,
  );
  deps.log.info({ action: command.action, trigger: fields.trigger_id }, 'command enqueued');
  const confirm =
    (command.action === 'deploy' || command.action === 'rollback') && resolved.value.environment?.environment.confirm;
  const confirmNote = confirm ? ' It needs a confirmation: press Confirm in the channel within 5 minutes.' : '';
  return ephemeral(`On it: ${describeCommand(command)}.${confirmNote}`);
}

/** What CircleCI would refuse in a deploy's parameters (the worker checks again, with the ref it resolves). */
function ciRefusal({ command, app, environment }: Resolved): string | null {
  if (command.action !== 'deploy' || !app || !environment) return null;
  const ref = command.ref ?? '';
  const deployment = {
    environment: githubEnvironmentOf(environment.name, environment.environment, ref),
    ref,
    task: taskName(command.task),
  };
  return ciParameterRefusal(app.app, deployment, { noop: command.noop, params: command.params });
}
