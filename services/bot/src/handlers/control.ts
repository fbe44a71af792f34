import { jobId } from '@chatops/shared/contracts';
import { handleDeploy } from './deploy.js';
import { lookup, permitted } from './permission-again.js';
import type { CommandContext } from './command-context.js';

/** `cancel APP ENV`: asks heaven, through the deployment-control queue (a Cancel button: its deployment only). */
export async function handleCancel(
  ctx: CommandContext,
  command: { app: string; environment: string },
  deploymentId?: number,
): Promise<void> {
  const resolved = lookup(ctx, { action: 'cancel', ...command });
  if (!resolved?.app || !resolved.environment)
    return ctx.reply({ text: `${command.app} ${command.environment} is no longer in the config.` });
  if (!(await permitted(ctx, resolved))) return;
  await ctx.deps.producer.control(
    {
      action: 'cancel',
      repository: resolved.app.app.repository,
      environment: command.environment,
      ...(deploymentId ? { deployment_id: deploymentId } : {}),
      requested_by: ctx.job.requester,
      requested_at: new Date(ctx.deps.clock.now()).toISOString(),
    },
    jobId('cancel', ctx.job.trigger_id),
  );
  const which = deploymentId ? `deployment #${deploymentId}` : 'the waiting or running deployment';
  await ctx.reply({ text: `Asked to cancel ${which} of ${command.app} to ${command.environment}.` });
}

/** `health APP [ENV]`: the notifier probes and answers the person. */
export async function handleHealth(ctx: CommandContext, command: { app: string; environment?: string }): Promise<void> {
  const resolved = lookup(ctx, { action: 'health', ...command });
  if (!resolved?.app) return ctx.reply({ text: `${command.app} is no longer in the config.` });
  const envs = command.environment
    ? [command.environment]
    : Object.entries(resolved.app.app.environments)
        .filter(([, e]) => e.health_check)
        .map(([n]) => n);
  if (envs.length === 0)
    return ctx.reply({ text: `${command.app} has no environment with a health_check in the config.` });
  for (const environment of envs) {
    const reply = {
      response_url: ctx.job.response_url,
      channel: ctx.job.channel_id,
      user_id: ctx.job.requester.slack_user_id,
    };
    await ctx.deps.producer.health(
      { app: resolved.app.name, environment, reply },
      jobId('probe', ctx.job.trigger_id, environment),
    );
  }
  await ctx.reply({ text: `Probing ${command.app} ${envs.join(', ')}…` });
}

/** `destroy APP ENV-BRANCH`: the teardown task on a transient environment; heaven marks it inactive after. */
export async function handleDestroy(ctx: CommandContext, command: { app: string; environment: string }): Promise<void> {
  const resolved = lookup(ctx, { action: 'destroy', ...command });
  if (!resolved?.app || !resolved.environment)
    return ctx.reply({ text: `${command.app} ${command.environment} is no longer in the config.` });
  const [last] = await ctx.deps.github.listDeployments(resolved.app.app.repository, {
    environment: command.environment,
    perPage: 1,
  });
  if (!last)
    return ctx.reply({
      text: `${command.environment} of ${command.app} has never been deployed; nothing to destroy.`,
    });
  await handleDeploy(
    ctx,
    {
      action: 'deploy',
      app: command.app,
      environment: resolved.environment.name,
      ref: last.ref,
      force: false,
      noop: false,
      params: {},
    },
    { task: 'destroy', githubEnvironment: command.environment, teardown: true },
  );
}
