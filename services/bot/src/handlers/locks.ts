import type { EnvironmentLock } from '@chatops/shared/contracts';
import { describePrincipals, mayOverride } from '../commands/authorize.js';
import { escapeSlack } from '../commands/parse-command.js';
import { lookup, permitted } from './permission-again.js';
import { age, resolveGroups, type Turn } from './worker-deps.js';

export function lockRefusal(lock: EnvironmentLock, nowMs: number): string {
  const reason = lock.reason ? `: "${escapeSlack(lock.reason)}"` : '';
  return (
    `${lock.environment} of ${lock.repository} is locked by <@${lock.holder.slack_user_id}>${reason} ` +
    `(${age(lock.locked_at, nowMs)} ago). Only they may deploy there until it is unlocked.`
  );
}

export function lockLine(lock: EnvironmentLock, nowMs: number): string {
  const reason = lock.reason ? ` "${escapeSlack(lock.reason)}"` : '';
  return (
    `• ${lock.repository} ${lock.environment}: locked by <@${lock.holder.slack_user_id}>${reason}, ` +
    `${age(lock.locked_at, nowMs)} ago`
  );
}

/** `lock APP ENV [reason]` */
export async function handleLock(
  turn: Turn,
  command: { app: string; environment: string; reason: string },
): Promise<void> {
  const resolved = lookup(turn, { action: 'lock', ...command });
  if (!resolved?.app || !resolved.environment)
    return turn.reply({ text: `${command.app} ${command.environment} is no longer in the config.` });
  if (!(await permitted(turn, resolved))) return;
  const { slack_user_id, name } = turn.job.requester;
  const result = await turn.deps.locks.acquire({
    repository: resolved.app.app.repository,
    environment: resolved.environment.name,
    holder: { slack_user_id, name },
    reason: command.reason,
    locked_at: new Date(turn.deps.clock()).toISOString(),
  });
  if (!result.acquired) {
    if (result.current.holder.slack_user_id === slack_user_id)
      return turn.reply({ text: `You already hold the lock on ${command.app} ${resolved.environment.name}.` });
    return turn.reply({ text: lockRefusal(result.current, turn.deps.clock()) });
  }
  const why = command.reason ? ` (${escapeSlack(command.reason)})` : '';
  await turn.reply({
    response_type: 'in_channel',
    text:
      `<@${slack_user_id}> locked ${command.app} ${resolved.environment.name}${why}. ` +
      `Others cannot deploy there until \`unlock ${command.app} ${resolved.environment.name}\`.`,
  });
}

/** `unlock APP ENV`: the holder, or an overrider (who tells the holder). */
export async function handleUnlock(turn: Turn, command: { app: string; environment: string }): Promise<void> {
  const resolved = lookup(turn, { action: 'unlock', ...command });
  if (!resolved?.app || !resolved.environment)
    return turn.reply({ text: `${command.app} ${command.environment} is no longer in the config.` });
  if (!(await permitted(turn, resolved))) return;
  const { repository } = resolved.app.app;
  const env = resolved.environment;
  const current = await turn.deps.locks.get(repository, env.name);
  if (!current) return turn.reply({ text: `${command.app} ${env.name} is not locked.` });
  const userId = turn.job.requester.slack_user_id;
  if (current.holder.slack_user_id !== userId) {
    const groups = await resolveGroups(turn.deps, env.environment.overriders);
    const may = mayOverride(env.name, env.environment, userId, groups);
    if (may.allowed !== true || env.environment.overriders.length === 0) {
      const who = env.environment.overriders.length ? ` or ${describePrincipals(env.environment.overriders)}` : '';
      return turn.reply({
        text: `Only the holder <@${current.holder.slack_user_id}>${who} may unlock ${command.app} ${env.name}.`,
      });
    }
  }
  await turn.deps.locks.release(repository, env.name);
  const override =
    current.holder.slack_user_id !== userId ? ` <@${current.holder.slack_user_id}>, your lock was overridden.` : '';
  await turn.reply({
    response_type: 'in_channel',
    text: `<@${userId}> unlocked ${command.app} ${env.name}.${override}`,
  });
}

/** `locks [APP]` */
export async function handleLocks(turn: Turn, app?: string): Promise<void> {
  const repository = app ? lookup(turn, { action: 'where', app })?.app?.app.repository.toLowerCase() : undefined;
  const locks = (await turn.deps.locks.list()).filter((l) => !repository || l.repository.toLowerCase() === repository);
  const now = turn.deps.clock();
  await turn.reply({
    text:
      locks.length === 0
        ? 'No environment is locked.'
        : ['Locked environments:', ...locks.map((l) => lockLine(l, now))].join('\n'),
  });
}
