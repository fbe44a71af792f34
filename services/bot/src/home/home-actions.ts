import type {
  AppsConfig,
  ChatCommand,
  EnvironmentLock,
  FreezeVerdict,
  HomeUpdateJob,
  LockWaiter,
} from '@chatops/shared/contracts';
import { mayOverride, type GroupMembers } from '../commands/authorize.js';
import { checkPermission } from '../commands/check-permission.js';
import type { Resolved } from '../commands/resolve-command.js';
import { environmentChannel } from '../dialogs/dialog-choices.js';

/** What a Home button does: the command of that name on its app and environment. */
export type HomeAction = 'deploy' | 'rollback' | 'lock' | 'unlock' | 'cancel';

/** One environment as the person sees it, with what they know of it. */
export type HomeActionInput = {
  resolved: Required<Resolved>;
  userId: string;
  groups: GroupMembers;
  lock: EnvironmentLock | null;
  lockWaiting: LockWaiter[];
  freeze: FreezeVerdict;
  /** Newest first. */
  deployments: HomeUpdateJob[];
};

const ACTIVE = new Set(['pending', 'queued', 'waiting', 'in_progress']);

/**
 * The channel a Home action is told in (Home has none): where the environment's messages go, as for a
 * dialog opened from nowhere (`environmentChannel`); '' when the config names none. An app whose
 * `allowed_channels` leave that channel out gets no buttons, as its dialogs offer it nothing. Pure.
 */
export function homeChannel(config: AppsConfig, resolved: Required<Resolved>): string {
  return environmentChannel(config, resolved.app.app, resolved.environment.environment) ?? '';
}

/**
 * The buttons this person gets on one environment: each is a command `checkPermission` allows them
 * (the same check as the slash command's, in the channel the action is told in), and one that would
 * do something now: Deploy and Rollback not while someone else holds the lock, nor during a freeze
 * unless they may force it; Rollback once something succeeded there (never on a branch
 * environment); Lock when they do not hold it and are not waiting for it; Unlock for the holder, one
 * waiting (to leave the list) or an overrider; Cancel while a deployment waits or runs. Pure.
 */
export function homeActions(input: HomeActionInput, channel: string): HomeAction[] {
  const { resolved, userId, groups, lock, lockWaiting, freeze, deployments } = input;
  const app = resolved.app.name;
  const environment = resolved.environment.name;
  const env = resolved.environment.environment;
  const may = (command: ChatCommand) =>
    checkPermission({ ...resolved, command }, userId, channel, groups).allowed === true;
  const deploy: ChatCommand = { action: 'deploy', app, environment, force: false, noop: false, params: {} };
  if (!may(deploy)) return [];
  const overrider = mayOverride(environment, env, userId, groups).allowed === true;
  const holder = lock?.holder.slack_user_id === userId;
  const blocked = (lock !== null && !holder) || (freeze.frozen && !overrider);
  const waiting = lockWaiting.some((w) => w.holder.slack_user_id === userId);
  const actions: HomeAction[] = [];
  if (!blocked) actions.push('deploy');
  const succeeded = deployments.some((d) => d.state === 'success');
  if (!blocked && !env.transient && succeeded && may({ action: 'rollback', app, environment }))
    actions.push('rollback');
  if (!env.transient) {
    if (!holder && !waiting && may({ action: 'lock', app, environment, reason: '' })) actions.push('lock');
    if (lock && (holder || waiting || overrider)) actions.push('unlock');
  }
  if (!env.transient && deployments.some((d) => ACTIVE.has(d.state)) && may({ action: 'cancel', app, environment }))
    actions.push('cancel');
  return actions;
}
