import type { GroupMembers } from '../commands/authorize.js';
import type { CommandDeps } from './command-context.js';

/**
 * Resolves the user groups of a list through Slack (cached in Redis), for the worker's permission
 * checks: each group once however often it is listed, the cache read at once for all of them (a
 * dialog opens inside Slack's 3 s), Slack asked only for those not cached.
 */
export async function resolveGroups(deps: CommandDeps, principals: string[]): Promise<GroupMembers> {
  const ids = [...new Set(principals.filter((p) => p.startsWith('S')))];
  const map = new Map<string, string[]>();
  await Promise.all(
    ids.map(async (id) => {
      let members = await deps.groups.get(id);
      if (!members) {
        members = await deps.slack.groupMembers(id);
        await deps.groups.set(id, members);
      }
      map.set(id, members);
    }),
  );
  return (id) => map.get(id) ?? [];
}
