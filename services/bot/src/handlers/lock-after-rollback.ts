import type { AppsConfig, EnvironmentConfig } from '@chatops/shared/contracts';
import type { Admitted } from './admit-deploy.js';
import type { CommandContext } from './command-context.js';
import { handleLock } from './locks.js';

/** Whether a rollback here locks the environment to the one who rolled back (`lock_after_rollback`). Pure. */
export function locksAfterRollback(config: AppsConfig, environment: EnvironmentConfig): boolean {
  return environment.lock_after_rollback ?? config.defaults.lock_after_rollback;
}

/**
 * After a rollback was created: the environment is locked to the person who rolled back, with the
 * reason "rolled back #N", as `/deploy lock` would (its length, timers and message), so nobody
 * deploys the broken change again before they look. Unless the config turns it off.
 */
export async function lockAfterRollback(ctx: CommandContext, admitted: Admitted, rolledBack: number): Promise<void> {
  if (!locksAfterRollback(ctx.deps.config, admitted.environment.environment)) return;
  await handleLock(ctx, {
    app: admitted.app.name,
    environment: admitted.environment.name,
    reason: `rolled back #${rolledBack}`,
  });
}
