import type { AppsConfig } from '@chatops/shared/contracts';
import { mayDeploy, type GroupMembers } from '../commands/authorize.js';

/** The grammar, and the apps and environments this person may deploy. */
export function helpText(config: AppsConfig, command: string, userId: string, groups: GroupMembers): string {
  const c = command || '/deploy';
  const grammar = [
    `*${c}* — deployments from chat. Commands:`,
    `• \`${c} APP[/REF] [to ENV] [force] [noop] [task=NAME] [key=value …]\` ` +
      `deploy REF (default: the repository's default branch) to ENV (default: ${config.defaults.environment})`,
    '   `force` skips required status checks (only for those allowed); `noop` is a dry run; ' +
      '`task=migrate` sends task `deploy:migrate`; `key=value` pairs go to the CI as params',
    `• \`${c} where APP\` each environment with its lock and last deployment`,
    `• \`${c} history APP [ENV]\` the last 10 deployments`,
    `• \`${c} lock APP ENV [for DURATION] [reason]\` (a held lock: its waiting list), \`${c} unlock APP ENV\`, ` +
      `\`${c} locks [APP]\``,
    `• \`${c} freeze APP [ENV] until TIME REASON\`, \`${c} unfreeze APP [ENV]\`, \`${c} freezes [APP]\` ` +
      'deploy freezes (TIME: `2h`, `18:00`, `fri 16:00`, `2026-12-24 18:00`); during one, only an overrider ' +
      'deploys, with `force REASON`',
    `• \`${c} rollback APP ENV\` redeploy the sha of the last successful deployment before the current one`,
    `• \`${c} destroy APP/BRANCH ENV\` tear down a per-branch (transient) environment`,
    `• \`${c} reviews [APP]\` the live per-branch (review) environments: age, last deploy, expiry`,
    `• \`${c} cancel APP ENV\` cancel the waiting or running deployment`,
    `• \`${c} health APP [ENV]\` probe the health check now`,
    `• \`${c} stats APP [ENV]\` the DORA figures (deployment frequency, lead time, change failure rate, ` +
      'recovery time) over 7, 30 and 90 days; ENV defaults to production',
    `• \`${c}\` alone (or the Deploy shortcut) opens a dialog: app, environment and branch picked from lists`,
    `• \`${c} help\` this text`,
  ];
  const lines = Object.entries(config.apps).map(([name, app]) => {
    const envs = Object.entries(app.environments)
      .filter(([envName, env]) => mayDeploy(envName, env, userId, groups).allowed === true)
      .map(
        ([envName, env]) =>
          envName + (env.transient ? ' (per branch)' : '') + (env.confirm ? ' (asks to confirm)' : ''),
      );
    const alias = app.aliases.length > 0 ? ` (${app.aliases.join(', ')})` : '';
    return `• *${name}*${alias}: ${envs.length > 0 ? envs.join(', ') : 'none'}`;
  });
  return [...grammar, '', '*What you may deploy:*', ...lines].join('\n');
}
