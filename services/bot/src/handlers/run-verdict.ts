import {
  findAppByRepository,
  freezeAt,
  type ProtectionRuleJob,
  type ResolvedApp,
  type ResolvedEnvironment,
} from '@chatops/shared/contracts';
import type { RunPlace } from '../render/protection-text.js';
import type { CommandDeps } from './command-context.js';
import { protectionVerdict, type ProtectionVerdict } from './protection-verdict.js';

/** What a waiting run waits at: its app and environment of the config. */
export type RunTarget = { app: ResolvedApp; environment: ResolvedEnvironment };

/** The app and environment of the config a run waits at (by repository and environment name or alias), or null. */
export function runTarget(deps: CommandDeps, run: ProtectionRuleJob): RunTarget | null {
  const found = findAppByRepository(deps.config, run.repository, run.environment);
  return found?.environment ? { app: found.app, environment: found.environment } : null;
}

export const runPlace = (target: RunTarget): RunPlace => ({
  app: target.app.name,
  environment: target.environment.name,
});

/**
 * Freezes, the lock and (when `withApproval`) the environment's approval, as they are now. Without
 * it (a run its approvers approved) a freeze rejects, whatever `when_frozen` says.
 */
export async function runVerdict(
  deps: CommandDeps,
  target: RunTarget,
  withApproval: boolean,
): Promise<ProtectionVerdict> {
  const { app, environment } = target;
  const now = deps.clock.now();
  const freeze = freezeAt(deps.config, app.name, environment.name, now, await deps.freezes.list(app.name));
  const lock = await deps.locks.get(app.app.repository, environment.name);
  return protectionVerdict({
    place: runPlace(target),
    freeze,
    lock,
    whenFrozen: withApproval ? (environment.environment.protection_rule?.when_frozen ?? 'reject') : 'reject',
    approval: withApproval ? environment.environment.approval : undefined,
  });
}
