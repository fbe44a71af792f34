import { findApp, findEnvironment, environmentOfDeployment, type ChatCommand } from '@chatops/shared/contracts';
import { checkPermission } from '../commands/check-permission.js';
import type { Resolved } from '../commands/resolve-command.js';
import type { CommandContext } from './command-context.js';
import { resolveGroups } from './resolve-groups.js';

/** The config app and environment of a resolved command (the config may have changed since). */
export function lookup(ctx: CommandContext, command: ChatCommand): Resolved | null {
  if (!('app' in command) || !command.app) return { command };
  const app = findApp(ctx.deps.config, command.app);
  if (!app) return null;
  const envName = 'environment' in command ? command.environment : undefined;
  if (!envName) return { command, app };
  const environment = findEnvironment(app.app, envName) ?? environmentOfDeployment(app.app, envName);
  return environment ? { command, app, environment } : null;
}

/** Checks permission again in the worker, with user groups resolved through Slack. Tells the person when refused. */
export async function permitted(ctx: CommandContext, resolved: Resolved): Promise<boolean> {
  const env = resolved.environment?.environment;
  // An app-wide freeze is for the overriders of each of its environments.
  const appWide = resolved.command.action === 'freeze' || resolved.command.action === 'unfreeze';
  const envs = env ? [env] : appWide ? Object.values(resolved.app?.app.environments ?? {}) : [];
  const groups = await resolveGroups(
    ctx.deps,
    envs.flatMap((e) => [...e.deployers, ...e.overriders]),
  );
  const decision = checkPermission(resolved, ctx.job.requester.slack_user_id, ctx.job.channel_id, groups);
  if (decision.allowed === true) return true;
  await ctx.reply({
    response_type: 'ephemeral',
    text: decision.allowed === false ? decision.reason : 'You may not do that here.',
  });
  return false;
}
