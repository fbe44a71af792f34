import type { AppsConfig, ResolvedApp } from '@chatops/shared/contracts';

const appsByName = new WeakMap<AppsConfig, ReadonlyMap<string, ResolvedApp>>();

/**
 * Every app name and alias → its app, derived once per config object; the first app in config order wins, as in
 * findApp.
 */
function indexOf(config: AppsConfig): ReadonlyMap<string, ResolvedApp> {
  let index = appsByName.get(config);
  if (!index) {
    const built = new Map<string, ResolvedApp>();
    for (const [name, app] of Object.entries(config.apps)) {
      for (const key of [name, ...app.aliases]) if (!built.has(key)) built.set(key, { name, app });
    }
    index = built;
    appsByName.set(config, index);
  }
  return index;
}

/**
 * `findApp` of @chatops/shared (an app by name or alias, case-insensitively) in O(1) instead of a
 * scan of every app: a slash command names an app each time, and a config may hold hundreds.
 */
export function findAppByName(config: AppsConfig, nameOrAlias: string): ResolvedApp | null {
  const found = indexOf(config).get(nameOrAlias.toLowerCase());
  return found ? { name: found.name, app: found.app } : null;
}
