import {
  code,
  environmentOfDeployment,
  escapeMrkdwn,
  findEnvironment,
  type AppConfig,
  type AppsConfig,
  type ChatCommand,
  type EnvironmentConfig,
} from '@chatops/shared/contracts';
import { findAppByName } from './find-app-by-name.js';
import type { ParsedCommand } from './parse-command.js';
import { configuredEnvironmentNamed, githubEnvironmentOf } from './transient-environment.js';

export type Resolved = {
  command: ChatCommand;
  /** The config app and environment the command acts on, for authorization. */
  app?: { name: string; app: AppConfig };
  environment?: { name: string; environment: EnvironmentConfig };
};

type App = { name: string; app: AppConfig };
type Env = { name: string; environment: EnvironmentConfig };
type Out = { ok: true; value: Resolved } | { ok: false; error: string };

/**
 * Resolves app and environment names and aliases against the config to their canonical names. A
 * branch environment (`review-<branch>`) that would be another configured environment of the same
 * repository is refused.
 */
export function resolveCommand(config: AppsConfig, parsed: ParsedCommand): Out {
  if (parsed.action === 'help') return { ok: true, value: { command: { action: 'help' } } };
  if ((parsed.action === 'locks' || parsed.action === 'freezes' || parsed.action === 'reviews') && !parsed.app)
    return { ok: true, value: { command: { action: parsed.action } } };
  const app = findAppByName(config, parsed.app!);
  if (!app) {
    const known = Object.keys(config.apps).sort().join(', ');
    return { ok: false, error: `I don't know an app called "${escapeMrkdwn(parsed.app!)}". Known apps: ${known}.` };
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
  if (parsed.action === 'destroy') return resolveDestroy(config, parsed, app, env, envName);
  if (parsed.action === 'cancel' && !exact) {
    // A branch's environment of a transient one (`review-feature-x`): heaven cancels by GitHub environment.
    const target = envName.toLowerCase();
    const clash = configuredEnvironmentNamed(config, app.app.repository, target);
    if (clash) return { ok: false, error: notBranchEnvironment(target, env.name, clash) };
    return {
      ok: true,
      value: { command: { action: 'cancel', app: app.name, environment: target }, app, environment: env },
    };
  }
  if (parsed.action === 'deploy' && parsed.ref && env.environment.transient) {
    const target = githubEnvironmentOf(env.name, env.environment, parsed.ref);
    const clash = configuredEnvironmentNamed(config, app.app.repository, target);
    if (clash) return { ok: false, error: branchClash(parsed.ref, env.name, target, clash) };
  }
  return {
    ok: true,
    value: { command: { ...parsed, app: app.name, environment: env.name } as ChatCommand, app, environment: env },
  };
}

/** Why a branch is not deployed to a transient environment whose branch environment is a configured one. */
export function branchClash(ref: string, envName: string, target: string, clash: string): string {
  const why = `its branch environment ${target} is ${clash}`;
  return `I did not deploy ${code(ref)} to ${envName}: ${why}. Use a branch with another name.`;
}

/** Why a name is not taken for a branch environment of a transient one. */
function notBranchEnvironment(target: string, envName: string, clash: string): string {
  return `${target} is not a branch environment of ${envName}: it is ${clash}.`;
}

function resolveDestroy(
  config: AppsConfig,
  parsed: Extract<ParsedCommand, { action: 'destroy' }>,
  app: App,
  env: Env,
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
  if (parsed.ref) target = githubEnvironmentOf(env.name, env.environment, parsed.ref);
  else if (findEnvironment(app.app, typed)) {
    return {
      ok: false,
      error:
        `Which branch? Use \`destroy ${app.name}/BRANCH ${env.name}\` ` +
        `or \`destroy ${app.name} ${env.name}-BRANCH\`.`,
    };
  }
  const clash = configuredEnvironmentNamed(config, app.app.repository, target);
  if (clash) return { ok: false, error: notBranchEnvironment(target, env.name, clash) };
  return {
    ok: true,
    value: { command: { action: 'destroy', app: app.name, environment: target }, app, environment: env },
  };
}

function unknownEnvironment(appName: string, app: AppConfig, typed: string): string {
  const names = Object.entries(app.environments).map(([n, e]) =>
    e.aliases.length ? `${n} (${e.aliases.join(', ')})` : n,
  );
  return `${appName} has no environment called "${escapeMrkdwn(typed)}". Its environments: ${names.join(', ')}.`;
}
