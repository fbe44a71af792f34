import { channelAllowed, mayDeploy, mayFreeze, mayOverride, type Decision, type GroupMembers } from './authorize.js';
import type { Resolved } from './resolve-command.js';

const ACTING = new Set(['deploy', 'rollback', 'destroy', 'cancel', 'lock']);

/**
 * Who may do what: the channel restriction and `deployers` for every command that changes an
 * environment; `overriders` for `force`, `freeze` and `unfreeze` (of each environment they cover).
 * Unlock is decided by the worker (holder or overrider).
 */
export function checkPermission(resolved: Resolved, userId: string, channelId: string, groups: GroupMembers): Decision {
  const { command, app, environment } = resolved;
  if ((command.action === 'freeze' || command.action === 'unfreeze') && app) {
    const channel = channelAllowed(app.name, app.app, channelId);
    if (channel.allowed !== true) return channel;
    const covered = environment
      ? [environment]
      : Object.entries(app.app.environments).map(([name, e]) => ({ name, environment: e }));
    return mayFreeze(app.name, covered, userId, groups);
  }
  if (!ACTING.has(command.action) && command.action !== 'unlock') return { allowed: true };
  if (!app || !environment) return { allowed: true };
  const channel = channelAllowed(app.name, app.app, channelId);
  if (channel.allowed !== true) return channel;
  if (command.action === 'unlock') return { allowed: true };
  const deploy = mayDeploy(environment.name, environment.environment, userId, groups);
  if (deploy.allowed !== true) return deploy;
  if (command.action === 'deploy' && command.force) {
    const force = mayOverride(environment.name, environment.environment, userId, groups);
    return force;
  }
  return { allowed: true };
}
