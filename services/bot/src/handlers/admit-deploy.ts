import type { EnvironmentLock, ResolvedApp, ResolvedEnvironment } from '@chatops/shared/contracts';
import type { CommandContext } from './command-context.js';
import type { DeployCommand } from '../ports.js';
import { lockRefusal } from '../render/lock-text.js';
import { freezeAdmission, type Frozen } from './freeze-admission.js';
import { lookup, permitted } from './permission-again.js';

/** Who may deploy where; `forcedFreeze`: the freeze an overrider's `force REASON` passes. */
export type Admitted = { app: ResolvedApp; environment: ResolvedEnvironment; forcedFreeze?: Frozen };

/** Someone else's lock keeps this person out (their own lets them through). Pure. */
export function lockDecision(lock: EnvironmentLock | null, requesterId: string, nowMs: number): string | null {
  if (!lock || lock.holder.slack_user_id === requesterId) return null;
  return lockRefusal(lock, nowMs);
}

/**
 * Admission of a deployment: the app and environment are still in the config, this person may
 * deploy there (permission, checked again with user groups resolved), no one else holds its lock,
 * and no freeze holds there (or an overrider forces past it with a reason). Returns them, or tells
 * the person why not and returns null.
 */
export async function admitDeploy(ctx: CommandContext, command: DeployCommand): Promise<Admitted | null> {
  const resolved = lookup(ctx, command);
  if (!resolved?.app || !resolved.environment) {
    await ctx.reply({ text: `${command.app} ${command.environment} is no longer in the config.` });
    return null;
  }
  if (!(await permitted(ctx, resolved))) return null;
  const lock = await ctx.deps.locks.get(resolved.app.app.repository, resolved.environment.name);
  const refusal = lockDecision(lock, ctx.job.requester.slack_user_id, ctx.deps.clock.now());
  if (refusal) {
    await ctx.reply({ text: refusal });
    return null;
  }
  const freeze = await freezeAdmission(ctx, command, { app: resolved.app, environment: resolved.environment });
  if (freeze.refusal !== null) {
    await ctx.reply({ text: freeze.refusal });
    return null;
  }
  return {
    app: resolved.app,
    environment: resolved.environment,
    ...(freeze.forced ? { forcedFreeze: freeze.forced } : {}),
  };
}
