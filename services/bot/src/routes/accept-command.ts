import { jobId, type AppsConfig, type ChatCommandJob } from '@chatops/shared/contracts';
import { withTimeout } from '@chatops/shared/runtime';
import type { FastifyBaseLogger } from 'fastify';
import { admitCommand } from '../commands/admit-command.js';
import { parseCommand } from '../commands/parse-command.js';
import type { Resolved } from '../commands/resolve-command.js';
import type { Clock, GroupCache, ProducerPort, RateCounter, SlackReply } from '../ports.js';
import { describeCommand } from '../render/describe-command.js';
import { helpText } from '../render/help-text.js';
import type { CommandFields } from './command-fields.js';
import { loadGroups } from './load-groups.js';
import { ENQUEUE_TIMEOUT_MESSAGE, ENQUEUE_TIMEOUT_MS } from './unavailable-reply.js';

export type AcceptDeps = {
  config: AppsConfig;
  rateCounter: RateCounter;
  groups: GroupCache;
  producer: ProducerPort;
  clock: Clock;
  log: FastifyBaseLogger;
};

/** What becomes of a slash command: refused (nothing enqueued), answered at once (help), or to enqueue. */
type Screened =
  | { kind: 'refused'; reason: string; text: string }
  | { kind: 'answered'; text: string }
  | { kind: 'accepted'; resolved: Resolved };

const ephemeral = (text: string): SlackReply => ({ response_type: 'ephemeral', text });
/** The parser suggests `/deploy …`; answer with the command name the person used. */
const renamed = (text: string, command: string): string => text.split('`/deploy ').join(`\`${command} `);

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

/** The person's rate, the grammar, then (with the cached user groups) help or the command's admission. */
async function screenCommand(fields: CommandFields, deps: AcceptDeps): Promise<Screened> {
  const { config } = deps;
  const limit = config.defaults.rate_limit_per_minute;
  if (!(await deps.rateCounter.hit(fields.user_id, limit, deps.clock.now()))) {
    const text = `Slow down: at most ${limit} commands a minute. Try again in a minute.`;
    return { kind: 'refused', reason: 'rate-limited', text };
  }
  const parsed = parseCommand(fields.text);
  if (!parsed.ok) return { kind: 'refused', reason: 'unparsed', text: renamed(parsed.error, fields.command) };
  const groups = await loadGroups(config, deps.groups);
  if (parsed.command.action === 'help')
    return { kind: 'answered', text: helpText(config, fields.command, fields.user_id, groups) };
  const who = { userId: fields.user_id, channelId: fields.channel_id };
  const admission = admitCommand(config, parsed.command, who, groups);
  if (!admission.ok) return { kind: 'refused', reason: admission.reason, text: admission.text };
  return { kind: 'accepted', resolved: admission.value };
}

/** Enqueues the command job (within 2 s, or the person is told to try again) and acknowledges it. */
async function enqueue(fields: CommandFields, resolved: Resolved, deps: AcceptDeps): Promise<SlackReply> {
  const { command } = resolved;
  const job: ChatCommandJob = {
    trigger_id: fields.trigger_id,
    team_id: fields.team_id,
    channel_id: fields.channel_id,
    requester: { slack_user_id: fields.user_id, name: fields.user_name },
    response_url: fields.response_url,
    received_at: new Date(deps.clock.now()).toISOString(),
    command,
  };
  await withTimeout(
    deps.producer.command(command.action, job, jobId('slack', fields.trigger_id)),
    ENQUEUE_TIMEOUT_MS,
    ENQUEUE_TIMEOUT_MESSAGE,
  );
  deps.log.info({ action: command.action, trigger: fields.trigger_id }, 'command enqueued');
  const confirm =
    (command.action === 'deploy' || command.action === 'rollback') && resolved.environment?.environment.confirm;
  const confirmNote = confirm ? ' It needs a confirmation: press Confirm in the channel within 5 minutes.' : '';
  return ephemeral(`On it: ${describeCommand(command)}.${confirmNote}`);
}
