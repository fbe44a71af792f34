import type { GroupMembers } from '../commands/authorize.js';
import type { CommandDeps } from './command-context.js';

/** Resolves the user groups of a list through Slack (cached in Redis), for the worker's permission checks. */
export async function resolveGroups(deps: CommandDeps, principals: string[]): Promise<GroupMembers> {
  const map = new Map<string, string[]>();
  for (const id of principals.filter((p) => p.startsWith('S'))) {
    let members = await deps.groups.get(id);
    if (!members) {
      members = await deps.slack.groupMembers(id);
      await deps.groups.set(id, members);
    }
    map.set(id, members);
  }
  return (id) => map.get(id) ?? [];
}
