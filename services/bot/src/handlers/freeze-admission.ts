import { freezeAt, type FreezeVerdict, type ResolvedApp, type ResolvedEnvironment } from '@chatops/shared/contracts';
import { describePrincipals, mayOverride } from '../commands/authorize.js';
import type { DeployCommand } from '../ports.js';
import { forceNeedsReason, frozenHint, frozenRefusal } from '../render/freeze-text.js';
import type { CommandContext } from './command-context.js';
import { resolveGroups } from './resolve-groups.js';

export type Frozen = Extract<FreezeVerdict, { frozen: true }>;

/**
 * Whether a freeze keeps this deploy out: none holds (no refusal), or one does and the person did
 * not force (refused, with how to force or who may), or forced without a reason (refused), or an
 * overrider forced with a reason (`forced`: the freeze passed; that they may force was checked with
 * the permission).
 */
export async function freezeAdmission(
  ctx: CommandContext,
  command: DeployCommand,
  target: { app: ResolvedApp; environment: ResolvedEnvironment },
): Promise<{ refusal: string | null; forced?: Frozen }> {
  const { app, environment } = target;
  const now = ctx.deps.clock.now();
  const adHocs = await ctx.deps.freezes.list(app.name);
  const verdict = freezeAt(ctx.deps.config, app.name, environment.name, now, adHocs);
  if (!verdict.frozen) return { refusal: null };
  const where = `${app.name} ${environment.name}`;
  const what = `${app.name}${command.ref ? `/${command.ref}` : ''}`;
  const forceCommand = `${ctx.deps.command} ${what} to ${environment.name} force REASON`;
  if (command.force && command.force_reason) return { refusal: null, forced: verdict };
  if (command.force) return { refusal: forceNeedsReason(where, verdict, now, forceCommand) };
  const groups = await resolveGroups(ctx.deps, environment.environment.overriders);
  const may = mayOverride(environment.name, environment.environment, ctx.job.requester.slack_user_id, groups);
  const env = environment.environment;
  const overriders = env.overriders.length
    ? describePrincipals(env.overriders)
    : env.production
      ? null
      : describePrincipals(env.deployers);
  return {
    refusal: frozenRefusal(where, verdict, now, frozenHint(may.allowed === true ? forceCommand : null, overriders)),
  };
}
