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

/** The app (and config environment) a GitHub deployment belongs to, from its repository and environment name. */
export function findAppByRepository(
  config: AppsConfig,
  repository: string,
  environmentName?: string,
): { app: ResolvedApp; environment: ResolvedEnvironment | null } | null {
  const candidates = appsOfRepository(config).get(repository.toLowerCase());
  if (!candidates) return null;
  for (const [name, app] of candidates) {
    const env = environmentName ? environmentOfDeployment(app, environmentName) : null;
    if (env) return { app: { name, app }, environment: env };
  }
  const [name, app] = candidates[0]!;
  return { app: { name, app }, environment: null };
}

/**
 * The config environment of a GitHub environment name: an exact name or alias, or
 * `<transient>-<branch-slug>` for a transient environment.
 */
export function environmentOfDeployment(app: AppConfig, githubEnvironment: string): ResolvedEnvironment | null {
  const exact = findEnvironment(app, githubEnvironment);
  if (exact) return exact;
  for (const [name, environment] of Object.entries(app.environments)) {
    if (environment.transient && githubEnvironment.toLowerCase().startsWith(`${name}-`)) return { name, environment };
  }
  return null;
}
