import type { ChatCommand, ChatCommandJob } from '@chatops/shared/contracts';
import { describeCommand } from '../render/describe-command.js';
import type { Resolved } from './resolve-command.js';

/** Who asked, where and how they are answered: a slash command's fields, or an @-mention's. */
export type CommandOrigin = {
  /** A slash command's trigger_id; an @-mention's `event-<event_id>` (the command job's id comes from it). */
  trigger_id: string;
  team_id: string;
  channel_id: string;
  user_id: string;
  user_name: string;
  /** A slash command's: its answers go there. */
  response_url?: string;
  /** An @-mention's: its answers go in this thread. */
  thread_ts?: string;
};

/** The job of an accepted command, the same for a slash command and an @-mention. */
export function commandJob(origin: CommandOrigin, command: ChatCommand, nowMs: number): ChatCommandJob {
  return {
    trigger_id: origin.trigger_id,
    team_id: origin.team_id,
    channel_id: origin.channel_id,
    requester: { slack_user_id: origin.user_id, name: origin.user_name },
    ...(origin.response_url ? { response_url: origin.response_url } : {}),
    received_at: new Date(nowMs).toISOString(),
    ...(origin.thread_ts ? { thread_ts: origin.thread_ts } : {}),
    command,
  };
}

/** What an accepted command is acknowledged with: `On it: deploy api/main to staging.` (and a confirmation's note). */
export function acknowledgement(resolved: Resolved): string {
  const { command } = resolved;
  const confirm =
    (command.action === 'deploy' || command.action === 'rollback') && resolved.environment?.environment.confirm;
  const confirmNote = confirm ? ' It needs a confirmation: press Confirm in the channel within 5 minutes.' : '';
  return `On it: ${describeCommand(command)}.${confirmNote}`;
}
