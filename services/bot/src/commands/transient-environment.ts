import type { AppsConfig, EnvironmentConfig } from '@chatops/shared/contracts';
import { branchSlug } from './branch-slug.js';

/** The GitHub environment a deployment of `ref` goes to: the environment's name, or `NAME-<slug>` if transient. */
export function githubEnvironmentOf(envName: string, env: Pick<EnvironmentConfig, 'transient'>, ref: string): string {
  return env.transient ? `${envName}-${branchSlug(ref)}` : envName;
}

/**
 * When a branch's environment name (`review-eu`) is the name or an alias of a configured
 * environment of any app of the same repository, what it is ("the configured environment review-eu
 * of app api-eu (acme/api)"); else null. A branch must never deploy into such an environment. Pure.
 */
export function configuredEnvironmentNamed(
  config: AppsConfig,
  repository: string,
  githubEnvironment: string,
): string | null {
  const wanted = githubEnvironment.toLowerCase();
  for (const [appName, app] of Object.entries(config.apps)) {
    if (app.repository.toLowerCase() !== repository.toLowerCase()) continue;
    for (const [envName, env] of Object.entries(app.environments)) {
      const alias = env.aliases.includes(wanted);
      if (envName !== wanted && !alias) continue;
      const what = alias
        ? `an alias of the configured environment ${envName}`
        : `the configured environment ${envName}`;
      return `${what} of app ${appName} (${app.repository})`;
    }
  }
  return null;
}
