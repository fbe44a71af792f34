import type { AppsConfig } from '@chatops/shared/contracts';
import type { GroupMembers } from '../commands/authorize.js';
import type { GroupCache } from '../ports.js';

const groupIdsByConfig = new WeakMap<AppsConfig, string[]>();

/** The user-group ids (S…) the config names in `deployers` and `overriders`, derived once per config. */
export function groupIdsOf(config: AppsConfig): string[] {
  let ids = groupIdsByConfig.get(config);
  if (!ids) {
    const found = new Set<string>();
    for (const app of Object.values(config.apps)) {
      for (const env of Object.values(app.environments)) {
        for (const p of [...env.deployers, ...env.overriders]) if (p.startsWith('S')) found.add(p);
      }
    }
    ids = [...found];
    groupIdsByConfig.set(config, ids);
  }
  return ids;
}

const NO_GROUPS: GroupMembers = () => null;

/** The cached members of every user group the config names (null for those not cached yet). */
export async function loadGroups(config: AppsConfig, groups: GroupCache): Promise<GroupMembers> {
  const ids = groupIdsOf(config);
  if (ids.length === 0) return NO_GROUPS;
  const cache = new Map<string, string[] | null>();
  await Promise.all(ids.map(async (id) => cache.set(id, await groups.get(id))));
  return (id) => cache.get(id) ?? null;
}
