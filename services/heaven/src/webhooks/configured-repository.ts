import { findAppByRepository, type AppsConfig } from '@chatops/shared/contracts';

/**
 * True when an app of the config deploys `repository` (case-insensitively). O(1) (the lookup is
 * indexed once per config): an org-wide webhook sends every repository's events, most of them for
 * repositories no app deploys.
 */
export function isConfiguredRepository(apps: AppsConfig, repository: string): boolean {
  return findAppByRepository(apps, repository) !== null;
}
