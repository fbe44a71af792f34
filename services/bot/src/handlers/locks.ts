import { escapeMrkdwn } from '@chatops/shared/contracts';
import { describePrincipals, mayOverride } from '../commands/authorize.js';
import type { CommandContext } from './command-context.js';
import { lockLine, lockRefusal } from '../render/lock-text.js';
import { lookup, permitted } from './permission-again.js';
import { resolveGroups } from './resolve-groups.js';

/** `lock APP ENV [reason]` */
export async function handleLock(
  ctx: CommandContext,
  command: { app: string; environment: string; reason: string },
): Promise<void> {
  const resolved = lookup(ctx, { action: 'lock', ...command });
  if (!resolved?.app || !resolved.environment)
    return ctx.reply({ text: `${command.app} ${command.environment} is no longer in the config.` });
  if (!(await permitted(ctx, resolved))) return;
  const { slack_user_id, name } = ctx.job.requester;
  const result = await ctx.deps.locks.acquire({
    repository: resolved.app.app.repository,
    environment: resolved.environment.name,
    holder: { slack_user_id, name },
    reason: command.reason,
    locked_at: new Date(ctx.deps.clock.now()).toISOString(),
  });
  if (!result.acquired) {
    if (result.current.holder.slack_user_id === slack_user_id)
      return ctx.reply({ text: `You already hold the lock on ${command.app} ${resolved.environment.name}.` });
    return ctx.reply({ text: lockRefusal(result.current, ctx.deps.clock.now()) });
  }
  const why = command.reason ? ` (${escapeMrkdwn(command.reason)})` : '';
  await ctx.reply({
    response_type: 'in_channel',
    text:
      `<@${slack_user_id}> locked ${command.app} ${resolved.environment.name}${why}. ` +
      `Others cannot deploy there until \`unlock ${command.app} ${resolved.environment.name}\`.`,
  });
}

/** `unlock APP ENV`: the holder, or an overrider (who tells the holder). */
export async function handleUnlock(ctx: CommandContext, command: { app: string; environment: string }): Promise<void> {
  const resolved = lookup(ctx, { action: 'unlock', ...command });
  if (!resolved?.app || !resolved.environment)
    return ctx.reply({ text: `${command.app} ${command.environment} is no longer in the config.` });
  if (!(await permitted(ctx, resolved))) return;
  const { repository } = resolved.app.app;
  const env = resolved.environment;
  const current = await ctx.deps.locks.get(repository, env.name);
  if (!current) return ctx.reply({ text: `${command.app} ${env.name} is not locked.` });
  const userId = ctx.job.requester.slack_user_id;
  if (current.holder.slack_user_id !== userId) {
    const groups = await resolveGroups(ctx.deps, env.environment.overriders);
    const may = mayOverride(env.name, env.environment, userId, groups);
    if (may.allowed !== true || env.environment.overriders.length === 0) {
      const who = env.environment.overriders.length ? ` or ${describePrincipals(env.environment.overriders)}` : '';
      return ctx.reply({
        text: `Only the holder <@${current.holder.slack_user_id}>${who} may unlock ${command.app} ${env.name}.`,
      });
    }
  }
  await ctx.deps.locks.release(repository, env.name);
  const override =
    current.holder.slack_user_id !== userId ? ` <@${current.holder.slack_user_id}>, your lock was overridden.` : '';
  await ctx.reply({
    response_type: 'in_channel',
    text: `<@${userId}> unlocked ${command.app} ${env.name}.${override}`,
  });
}

/** `locks [APP]` */
export async function handleLocks(ctx: CommandContext, app?: string): Promise<void> {
  const repository = app ? lookup(ctx, { action: 'where', app })?.app?.app.repository.toLowerCase() : undefined;
  const locks = (await ctx.deps.locks.list()).filter((l) => !repository || l.repository.toLowerCase() === repository);
  const now = ctx.deps.clock.now();
  await ctx.reply({
    text:
      locks.length === 0
        ? 'No environment is locked.'
        : ['Locked environments:', ...locks.map((l) => lockLine(l, now))].join('\n'),
  });
}
