import {
  findEnvironment,
  environmentOfDeployment,
  type AppsConfig,
  type AppConfig,
  type ChatCommand,
  type EnvironmentConfig,
} from '@chatops/shared/contracts';
import { escapeSlack, type ParsedCommand } from './parse-command.js';
import { branchSlug } from './branch-slug.js';
import { findAppByName } from './find-app-by-name.js';

export type Resolved = {
  command: ChatCommand;
  /** The config app and environment the command acts on, for authorization. */
  app?: { name: string; app: AppConfig };
  environment?: { name: string; environment: EnvironmentConfig };
};

type Out = { ok: true; value: Resolved } | { ok: false; error: string };

/** Resolves app and environment names and aliases against the config to their canonical names. */
export function resolveCommand(config: AppsConfig, parsed: ParsedCommand): Out {
  if (parsed.action === 'help') return { ok: true, value: { command: { action: 'help' } } };
  if (parsed.action === 'locks' && !parsed.app) return { ok: true, value: { command: { action: 'locks' } } };
  const app = findAppByName(config, parsed.app!);
  if (!app) {
    const known = Object.keys(config.apps).sort().join(', ');
    return { ok: false, error: `I don't know an app called "${escapeSlack(parsed.app!)}". Known apps: ${known}.` };
  }
  const wanted = 'environment' in parsed ? parsed.environment : undefined;
  if (wanted === undefined && parsed.action !== 'deploy') {
    return { ok: true, value: { command: { ...parsed, app: app.name } as ChatCommand, app } };
  }
  const envName = wanted ?? config.defaults.environment;
  const exact = findEnvironment(app.app, envName);
  const perBranch =
    parsed.action === 'destroy' || parsed.action === 'cancel' ? environmentOfDeployment(app.app, envName) : null;
  const env = exact ?? perBranch;
  if (!env) return { ok: false, error: unknownEnvironment(app.name, app.app, envName) };
  if (parsed.action === 'destroy') return resolveDestroy(parsed, app, env, envName);
  if (parsed.action === 'cancel' && !exact) {
    // A branch's environment of a transient one (`review-feature-x`): heaven cancels by GitHub environment.
    return {
      ok: true,
      value: {
        command: { action: 'cancel', app: app.name, environment: envName.toLowerCase() },
        app,
        environment: env,
      },
    };
  }
  return {
    ok: true,
    value: { command: { ...parsed, app: app.name, environment: env.name } as ChatCommand, app, environment: env },
  };
}

function resolveDestroy(
  parsed: Extract<ParsedCommand, { action: 'destroy' }>,
  app: { name: string; app: AppConfig },
  env: { name: string; environment: EnvironmentConfig },
  typed: string,
): Out {
  if (!env.environment.transient) {
    return {
      ok: false,
      error:
        `${env.name} of ${app.name} is not a transient environment; ` +
        'only transient (per-branch) environments can be destroyed.',
    };
  }
  let target = typed.toLowerCase();
  if (parsed.ref) target = `${env.name}-${branchSlug(parsed.ref)}`;
  else if (findEnvironment(app.app, typed)) {
    return {
      ok: false,
      error:
        `Which branch? Use \`destroy ${app.name}/BRANCH ${env.name}\` ` +
        `or \`destroy ${app.name} ${env.name}-BRANCH\`.`,
    };
  }
  return {
    ok: true,
    value: { command: { action: 'destroy', app: app.name, environment: target }, app, environment: env },
  };
}

export function unknownEnvironment(appName: string, app: AppConfig, typed: string): string {
  const names = Object.entries(app.environments).map(([n, e]) =>
    e.aliases.length ? `${n} (${e.aliases.join(', ')})` : n,
  );
  return `${appName} has no environment called "${escapeSlack(typed)}". Its environments: ${names.join(', ')}.`;
}
