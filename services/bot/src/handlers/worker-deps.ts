import type { AppsConfig, ChatCommandJob, LockStore, MessageStore } from '@chatops/shared/contracts';
import type { Logger } from 'pino';
import type { GroupMembers } from '../commands/authorize.js';
import type { BotStorePort, Clock, GitHubPort, ProducerPort, ResponderPort, SlackPort, SlackReply } from '../ports.js';

export type WorkerDeps = {
  config: AppsConfig;
  github: GitHubPort;
  slack: SlackPort;
  responder: ResponderPort;
  store: BotStorePort;
  locks: LockStore;
  messages: MessageStore;
  producer: ProducerPort;
  clock: Clock;
  /** The slash command's name (SLACK_COMMAND), for the commands it suggests. */
  command: string;
};

/** One job being handled: its data, how to answer the person, and whether this is the last try. */
export type Turn = {
  job: ChatCommandJob;
  deps: WorkerDeps;
  log: Logger;
  reply: (reply: SlackReply) => Promise<void>;
  lastAttempt: boolean;
};

/** Resolves the user groups of a list through Slack (cached in Redis), for the worker's permission checks. */
export async function resolveGroups(deps: WorkerDeps, principals: string[]): Promise<GroupMembers> {
  const map = new Map<string, string[]>();
  for (const id of principals.filter((p) => p.startsWith('S'))) {
    let members = await deps.store.cachedGroup(id);
    if (!members) {
      members = await deps.slack.groupMembers(id);
      await deps.store.cacheGroup(id, members);
    }
    map.set(id, members);
  }
  return (id) => map.get(id) ?? [];
}

export function age(fromIso: string, nowMs: number): string {
  const s = Math.max(0, Math.round((nowMs - Date.parse(fromIso)) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d`;
}
