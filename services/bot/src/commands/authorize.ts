import type { AppConfig, EnvironmentConfig } from '@chatops/shared/contracts';

/** Members of a Slack user group, or null when not known (yet). */
export type GroupMembers = (groupId: string) => string[] | null;

export type Decision = { allowed: true } | { allowed: false; reason: string } | { allowed: 'unknown' };

/** Is `userId` one of `principals` (user ids, or members of user-group ids)? */
export function isListed(principals: string[], userId: string, groups: GroupMembers): boolean | 'unknown' {
  if (principals.includes(userId)) return true;
  let unknown = false;
  for (const p of principals.filter((x) => x.startsWith('S'))) {
    const members = groups(p);
    if (members === null) unknown = true;
    else if (members.includes(userId)) return true;
  }
  return unknown ? 'unknown' : false;
}

export function describePrincipals(principals: string[]): string {
  return principals.map((p) => (p.startsWith('S') ? `<!subteam^${p}>` : `<@${p}>`)).join(', ');
}

/** May this person deploy (or lock, cancel, roll back, destroy) in this environment? */
export function mayDeploy(envName: string, env: EnvironmentConfig, userId: string, groups: GroupMembers): Decision {
  if (env.deployers.length === 0) {
    if (env.production)
      return {
        allowed: false,
        reason:
          `Nobody may deploy to ${envName} yet: it is a production environment and its \`deployers\` list is empty. ` +
          'Ask an admin to add people to it in the config.',
      };
    return { allowed: true };
  }
  const listed = isListed(env.deployers, userId, groups);
  if (listed === 'unknown') return { allowed: 'unknown' };
  if (listed) return { allowed: true };
  return {
    allowed: false,
    reason: `You may not deploy to ${envName}. Those who may: ${describePrincipals(env.deployers)}.`,
  };
}

/** May this person force past checks or override someone else's lock here? */
export function mayOverride(envName: string, env: EnvironmentConfig, userId: string, groups: GroupMembers): Decision {
  if (env.overriders.length === 0) {
    if (env.production)
      return {
        allowed: false,
        reason: `Nobody may use \`force\` or override locks on ${envName}: its \`overriders\` list is empty.`,
      };
    return mayDeploy(envName, env, userId, groups);
  }
  const listed = isListed(env.overriders, userId, groups);
  if (listed === 'unknown') return { allowed: 'unknown' };
  if (listed) return { allowed: true };
  return {
    allowed: false,
    reason:
      `You may not use \`force\` or override locks on ${envName}. ` +
      `Those who may: ${describePrincipals(env.overriders)}.`,
  };
}

/**
 * May this person freeze or unfreeze these environments of an app? Only an overrider of each
 * (`overriders`, or who may force there when that list is empty: see mayOverride).
 */
export function mayFreeze(
  appName: string,
  envs: Array<{ name: string; environment: EnvironmentConfig }>,
  userId: string,
  groups: GroupMembers,
): Decision {
  let unknown = false;
  for (const { name, environment } of envs) {
    const may = mayOverride(name, environment, userId, groups);
    if (may.allowed === 'unknown') unknown = true;
    else if (may.allowed === false) {
      const listed = environment.overriders.length ? environment.overriders : environment.deployers;
      const reason =
        environment.overriders.length || !environment.production
          ? `Only ${describePrincipals(listed)} may freeze or unfreeze ${appName} ${name}.`
          : `Nobody may freeze or unfreeze ${appName} ${name}: its \`overriders\` list is empty.`;
      return { allowed: false, reason };
    }
  }
  return unknown ? { allowed: 'unknown' } : { allowed: true };
}

/** The per-app channel restriction. */
export function channelAllowed(appName: string, app: AppConfig, channelId: string): Decision {
  if (app.allowed_channels.length === 0 || app.allowed_channels.includes(channelId)) return { allowed: true };
  const where = app.allowed_channels.map((c) => `<#${c}>`).join(', ');
  return { allowed: false, reason: `${appName} can only be deployed from ${where}.` };
}
