import { freezeAt, listFreezes } from '@chatops/shared/contracts';
import { resolveUntil } from '../commands/parse-until.js';
import { endText, freezeLine, frozeText } from '../render/freeze-text.js';
import type { CommandContext } from './command-context.js';
import { lookup, permitted } from './permission-again.js';

type Where = { app: string; environment?: string };

const whereText = (c: Where) => (c.environment ? `${c.app} ${c.environment}` : c.app);

/** `freeze APP [ENV] until TIME REASON`: an overrider refuses deploys there until TIME (ad-hoc, in Redis). */
export async function handleFreeze(
  ctx: CommandContext,
  command: Where & { until: string; reason: string },
): Promise<void> {
  const resolved = lookup(ctx, { action: 'freeze', ...command });
  if (!resolved?.app || (command.environment && !resolved.environment))
    return ctx.reply({ text: `${whereText(command)} is no longer in the config.` });
  if (!(await permitted(ctx, resolved))) return;
  const now = ctx.deps.clock.now();
  const zone = ctx.deps.config.defaults.time_zone;
  const until = resolveUntil(command.until, zone, now);
  if (!until.ok) return ctx.reply({ text: until.error });
  const { slack_user_id, name } = ctx.job.requester;
  await ctx.deps.freezes.set(
    {
      app: resolved.app.name,
      environment: resolved.environment?.name ?? null,
      reason: command.reason,
      until: new Date(until.ms).toISOString(),
      by: { slack_user_id, name },
      at: new Date(now).toISOString(),
    },
    now,
  );
  const where = whereText({ app: resolved.app.name, environment: resolved.environment?.name });
  await ctx.reply({
    response_type: 'in_channel',
    text: frozeText({
      requesterId: slack_user_id,
      where,
      untilMs: until.ms,
      zone,
      reason: command.reason,
      unfreeze: `${ctx.deps.command} unfreeze ${where}`,
      nowMs: now,
    }),
  });
}

/** `unfreeze APP [ENV]`: ends the ad-hoc freeze of exactly that app or environment (configured ones stay). */
export async function handleUnfreeze(ctx: CommandContext, command: Where): Promise<void> {
  const resolved = lookup(ctx, { action: 'unfreeze', ...command });
  if (!resolved?.app || (command.environment && !resolved.environment))
    return ctx.reply({ text: `${whereText(command)} is no longer in the config.` });
  if (!(await permitted(ctx, resolved))) return;
  const app = resolved.app.name;
  const env = resolved.environment?.name;
  const where = whereText({ app, environment: env });
  const removed = await ctx.deps.freezes.remove(app, env ?? null);
  const now = ctx.deps.clock.now();
  const still = env ? freezeAt(ctx.deps.config, app, env, now, await ctx.deps.freezes.list(app)) : null;
  const after =
    still?.frozen === true
      ? ` It is still frozen until ${endText(still.until, still.by.zone, now)} by another freeze ` +
        `(see \`${ctx.deps.command} freezes ${app}\`).`
      : '';
  if (!removed) return ctx.reply({ text: `${where} has no freeze set from chat.${after}` });
  await ctx.reply({
    response_type: 'in_channel',
    text: `<@${ctx.job.requester.slack_user_id}> unfroze ${where}.${after}`,
  });
}

/** `freezes [APP]`: the freezes that hold now and those to come (configured and from chat). */
export async function handleFreezes(ctx: CommandContext, appName?: string): Promise<void> {
  const app = appName ? lookup(ctx, { action: 'where', app: appName })?.app?.name : undefined;
  const now = ctx.deps.clock.now();
  const times = listFreezes(ctx.deps.config, now, await ctx.deps.freezes.list(app), app);
  const holding = times.filter((t) => t.start <= now);
  const coming = times.filter((t) => t.start > now);
  const none = app ? `${app} has no freeze.` : 'There is no freeze.';
  await ctx.reply({
    text:
      times.length === 0
        ? none
        : [
            ...(holding.length ? ['*Frozen now:*', ...holding.map((t) => freezeLine(t, now))] : []),
            ...(coming.length ? ['*Coming:*', ...coming.map((t) => freezeLine(t, now))] : []),
          ].join('\n'),
  });
}
