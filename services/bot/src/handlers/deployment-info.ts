import { escapeMrkdwn } from '@chatops/shared/contracts';
import type { DeploymentSummary } from '../ports.js';
import type { CommandContext } from './command-context.js';
import { deploymentLine, requesterOf } from '../render/describe-deployment.js';
import { lockLine } from '../render/lock-text.js';
import { lookup } from './permission-again.js';

/** One line about a deployment, with its newest state. */
async function describe(ctx: CommandContext, repository: string, d: DeploymentSummary): Promise<string> {
  const { github, clock, payloadSecret } = ctx.deps;
  const statuses = await github.listStatuses(repository, d.id);
  return deploymentLine(d, statuses[0]?.state ?? 'pending', requesterOf(d, repository, payloadSecret), clock.now());
}

/** `where APP`: each environment with its lock and its last deployment. */
export async function handleWhere(ctx: CommandContext, appName: string): Promise<void> {
  const app = lookup(ctx, { action: 'where', app: appName })?.app;
  if (!app) return ctx.reply({ text: `${appName} is no longer in the config.` });
  const { github, locks, clock } = ctx.deps;
  const { repository } = app.app;
  const lines = [`*${app.name}* (${repository}):`];
  for (const [envName, env] of Object.entries(app.app.environments)) {
    const lock = await locks.get(repository, envName);
    const filter = env.transient ? { perPage: 100 } : { environment: envName, perPage: 1 };
    let list = await github.listDeployments(repository, filter);
    if (env.transient) list = list.filter((d) => d.environment.startsWith(`${envName}-`)).slice(0, 1);
    const last = list[0] ? await describe(ctx, repository, list[0]) : 'never deployed';
    lines.push(`• *${envName}*${env.transient ? ' (per branch)' : ''}: ${last}`);
    if (lock) lines.push(`  ${lockLine(lock, clock.now()).slice(2)}`);
  }
  await ctx.reply({ text: lines.join('\n') });
}

/** `history APP [ENV]`: the last 10 deployments. */
export async function handleHistory(ctx: CommandContext, appName: string, environment?: string): Promise<void> {
  const app = lookup(ctx, { action: 'where', app: appName })?.app;
  if (!app) return ctx.reply({ text: `${appName} is no longer in the config.` });
  const { repository } = app.app;
  const transient = environment ? app.app.environments[environment]?.transient : false;
  const filter = environment && !transient ? { environment, perPage: 10 } : { perPage: transient ? 100 : 10 };
  let list = await ctx.deps.github.listDeployments(repository, filter);
  if (transient) list = list.filter((d) => d.environment.startsWith(`${environment}-`));
  const where = environment ? ` to ${environment}` : '';
  if (list.length === 0) return ctx.reply({ text: `No deployments of ${app.name}${where} yet.` });
  const lines = await Promise.all(
    list.slice(0, 10).map(async (d) => `• ${escapeMrkdwn(d.environment)}: ${await describe(ctx, repository, d)}`),
  );
  await ctx.reply({ text: [`Last deployments of *${app.name}*${where}:`, ...lines].join('\n') });
}
