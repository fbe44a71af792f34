import { code, type ResolvedEnvironment } from '@chatops/shared/contracts';
import { describePrincipals, mayOverride } from '../commands/authorize.js';
import type { CommandContext } from './command-context.js';
import { resolveGroups } from './resolve-groups.js';

/** After failing checks: the command that forces the deployment, if this person may; else who may. */
export async function forceHint(ctx: CommandContext, env: ResolvedEnvironment, target: string): Promise<string> {
  const groups = await resolveGroups(ctx.deps, env.environment.overriders);
  const may = mayOverride(env.name, env.environment, ctx.job.requester.slack_user_id, groups);
  if (may.allowed === true)
    return `To deploy anyway, skipping the checks: ${code(`${ctx.deps.command} ${target} force`, 300)}`;
  const who = env.environment.overriders.length ? describePrincipals(env.environment.overriders) : 'nobody';
  return `Only ${who} may force a deployment to ${env.name}.`;
}
