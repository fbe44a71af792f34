import type { AppsConfig } from '@chatops/shared';
import type { GroupMembers } from '../commands/authorize.js';
import type { BotStorePort } from '../ports.js';

/** The cached members of every user group the config names (null for those not cached yet). */
export async function loadGroups(config: AppsConfig, store: BotStorePort): Promise<GroupMembers> {
  const ids = new Set<string>();
  for (const app of Object.values(config.apps)) {
    for (const env of Object.values(app.environments)) {
      for (const p of [...env.deployers, ...env.overriders]) if (p.startsWith('S')) ids.add(p);
    }
  }
  const cache = new Map<string, string[] | null>();
  await Promise.all([...ids].map(async (id) => cache.set(id, await store.cachedGroup(id))));
  return (id) => cache.get(id) ?? null;
}
