import type { AppsConfig } from '@chatops/shared';

const repositoriesByConfig = new WeakMap<AppsConfig, ReadonlySet<string>>();

/** The config's repositories, lower-cased, derived once per config object. */
function repositoriesOf(apps: AppsConfig): ReadonlySet<string> {
  let repositories = repositoriesByConfig.get(apps);
  if (!repositories) {
    repositories = new Set(Object.values(apps.apps).map((app) => app.repository.toLowerCase()));
    repositoriesByConfig.set(apps, repositories);
  }
  return repositories;
}

/**
 * True when an app of the config deploys `repository` (case-insensitively), as
 * `findAppByRepository(apps, repository) !== null`, in O(1): an org-wide webhook sends every
 * repository's events, most of them for repositories no app deploys.
 */
export function isConfiguredRepository(apps: AppsConfig, repository: string): boolean {
  return repositoriesOf(apps).has(repository.toLowerCase());
}
