import type { AppConfig, AppsConfig, EnvironmentConfig } from './app-config-schema.js';

export type ResolvedApp = { name: string; app: AppConfig };
export type ResolvedEnvironment = { name: string; environment: EnvironmentConfig };

/** Finds an app by name or alias, case-insensitively. */
export function findApp(config: AppsConfig, nameOrAlias: string): ResolvedApp | null {
  const wanted = nameOrAlias.toLowerCase();
  for (const [name, app] of Object.entries(config.apps)) {
    if (name === wanted || app.aliases.includes(wanted)) return { name, app };
  }
  return null;
}

/** Finds an environment of an app by name or alias, case-insensitively. */
export function findEnvironment(app: AppConfig, nameOrAlias: string): ResolvedEnvironment | null {
  const wanted = nameOrAlias.toLowerCase();
  for (const [name, environment] of Object.entries(app.environments)) {
    if (name === wanted || environment.aliases.includes(wanted)) return { name, environment };
  }
  return null;
}

const byRepository = new WeakMap<AppsConfig, ReadonlyMap<string, Array<[string, AppConfig]>>>();

/**
 * Apps by lower-cased repository, in config order, built once per config object (heaven and the notifier look
 * one up per job).
 */
function appsOfRepository(config: AppsConfig): ReadonlyMap<string, Array<[string, AppConfig]>> {
  let index = byRepository.get(config);
  if (!index) {
    const built = new Map<string, Array<[string, AppConfig]>>();
    for (const entry of Object.entries(config.apps)) {
      const key = entry[1].repository.toLowerCase();
      built.set(key, [...(built.get(key) ?? []), entry]);
    }
    index = built;
    byRepository.set(config, index);
  }
  return index;
}

/**
 * The app (and config environment) a GitHub deployment belongs to, from its repository and environment
 * name. A name or alias of any app of the repository wins over a transient environment's `NAME-…`:
 * with api's transient `review` and api-eu's `review-eu` on one repository, a deployment to
 * `review-eu` made outside chat is api-eu's, never a branch environment of api.
 */
export function findAppByRepository(
  config: AppsConfig,
  repository: string,
  environmentName?: string,
): { app: ResolvedApp; environment: ResolvedEnvironment | null } | null {
  const candidates = appsOfRepository(config).get(repository.toLowerCase());
  if (!candidates) return null;
  if (environmentName) {
    for (const find of [findEnvironment, transientEnvironmentOf]) {
      for (const [name, app] of candidates) {
        const env = find(app, environmentName);
        if (env) return { app: { name, app }, environment: env };
      }
    }
  }
  const [name, app] = candidates[0]!;
  return { app: { name, app }, environment: null };
}

/**
 * The config environment of a GitHub environment name: an exact name or alias, or
 * `<transient>-<branch-slug>` for a transient environment.
 */
export function environmentOfDeployment(app: AppConfig, githubEnvironment: string): ResolvedEnvironment | null {
  return findEnvironment(app, githubEnvironment) ?? transientEnvironmentOf(app, githubEnvironment);
}

/**
 * The branch part of a transient environment's name: what the bot makes of a branch (a slug), never
 * anything else. A deployment made outside chat to `review-$(…)` or `review-<!channel>` is not one:
 * the environment's name goes to the CI (chatops_environment) and to Slack as it is.
 */
const BRANCH_PART = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** The transient environment whose `NAME-<branch>` this GitHub environment name is, or null. */
function transientEnvironmentOf(app: AppConfig, githubEnvironment: string): ResolvedEnvironment | null {
  const wanted = githubEnvironment.toLowerCase();
  for (const [name, environment] of Object.entries(app.environments)) {
    if (environment.transient && wanted.startsWith(`${name}-`) && BRANCH_PART.test(wanted.slice(name.length + 1)))
      return { name, environment };
  }
  return null;
}
