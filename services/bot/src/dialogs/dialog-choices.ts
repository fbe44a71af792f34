import type { AppConfig, AppsConfig, ChatCommand, DialogKind, EnvironmentConfig } from '@chatops/shared/contracts';
import type { GroupMembers } from '../commands/authorize.js';
import { checkPermission } from '../commands/check-permission.js';

/** An app of a dialog's select, with the environments of the select that follows when it is picked. */
export type ChoiceApp = { name: string; environments: string[] };

/** Where a command's message goes when no channel asked: the environment's, the app's or the default channel. */
export function environmentChannel(config: AppsConfig, app: AppConfig, env: EnvironmentConfig): string | undefined {
  return env.channel ?? app.channel ?? config.defaults.channel;
}

/** Which environments a dialog offers: destroy is for transient ones only, rollback for the others. */
function offered(dialog: DialogKind, env: EnvironmentConfig): boolean {
  if (dialog === 'destroy') return env.transient;
  if (dialog === 'rollback') return !env.transient;
  return true;
}

/**
 * The apps and environments a person may act on in a dialog, in config order: exactly those the
 * typed command would take from them (`checkPermission`: deployers, production's empty list, the
 * app's allowed channels) in the channel the dialog was opened from, or, opened from nowhere (a
 * global shortcut, the Home tab), in the channel the message would go to. A user group not known
 * counts as not listed: the worker resolves groups through Slack before it asks. Pure.
 */
export function dialogChoices(
  config: AppsConfig,
  dialog: DialogKind,
  who: { userId: string; channelId?: string },
  groups: GroupMembers,
): ChoiceApp[] {
  const apps: ChoiceApp[] = [];
  for (const [name, app] of Object.entries(config.apps)) {
    const environments = Object.entries(app.environments)
      .filter(([envName, environment]) => {
        if (!offered(dialog, environment)) return false;
        const channel = who.channelId ?? environmentChannel(config, app, environment) ?? '';
        const resolved = {
          command: commandOf(dialog, name, envName),
          app: { name, app },
          environment: { name: envName, environment },
        };
        return checkPermission(resolved, who.userId, channel, groups).allowed === true;
      })
      .map(([envName]) => envName);
    if (environments.length > 0) apps.push({ name, environments });
  }
  return apps;
}

/** The command a dialog's submit comes to, as far as permission goes (no ref, no options). */
function commandOf(dialog: DialogKind, app: string, environment: string): ChatCommand {
  if (dialog === 'deploy') return { action: 'deploy', app, environment, force: false, noop: false, params: {} };
  if (dialog === 'lock') return { action: 'lock', app, environment, reason: '' };
  return { action: dialog, app, environment };
}
