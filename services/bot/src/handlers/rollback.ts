import { code, verifyChatopsPayload } from '@chatops/shared/contracts';
import type { DeploymentSummary, GitHubPort } from '../ports.js';
import type { CommandContext } from './command-context.js';
import { handleDeploy } from './deploy.js';
import { lookup } from './permission-again.js';

const SHA = /^[0-9a-f]{40}$/;

/**
 * The current deployment (the newest one, whatever its state: a failed deploy may have left the
 * environment broken) and the newest successful one before it with another sha (or the one picked
 * in the rollback dialog, `to`, if it is such a one).
 */
async function findRollbackTarget(
  github: GitHubPort,
  repository: string,
  environment: string,
  to?: number,
): Promise<{ current: DeploymentSummary; target: DeploymentSummary } | null> {
  const [current, ...older] = await rollbackCandidates(github, repository, environment);
  if (!current) return null;
  for (const d of older) {
    if (d.sha === current.sha || (to !== undefined && d.id !== to)) continue;
    const statuses = await github.listStatuses(repository, d.id);
    if (statuses.some((s) => s.state === 'success')) return { current, target: d };
  }
  return null;
}

/** The deployments of an environment (tasks deploy and deploy:*), newest first: the current one, then the earlier. */
export async function rollbackCandidates(
  github: GitHubPort,
  repository: string,
  environment: string,
): Promise<DeploymentSummary[]> {
  return (await github.listDeployments(repository, { environment, perPage: 30 })).filter(
    (d) => d.task === 'deploy' || d.task.startsWith('deploy:'),
  );
}

/**
 * The branch the rolled-back-to commit came from, for a CI that builds branches: the earlier
 * deployment's ref when it is not a sha, else the branch the bot signed into its payload; else none
 * (heaven then builds the default branch and deploys the sha). Pure.
 */
export function rollbackBranch(target: DeploymentSummary, repository: string, secret: string): string | undefined {
  if (!SHA.test(target.ref)) return target.ref;
  const trust = verifyChatopsPayload(target.payload, { repository, ...target }, secret);
  return trust.kind === 'signed' ? trust.chatops.branch : undefined;
}

/** `rollback APP ENV`: deploys the sha of the last successful deployment before the current one. */
export async function handleRollback(
  ctx: CommandContext,
  command: { app: string; environment: string; to?: number },
): Promise<void> {
  const resolved = lookup(ctx, { action: 'rollback', ...command });
  if (!resolved?.app) return ctx.reply({ text: `${command.app} is no longer in the config.` });
  const { repository } = resolved.app.app;
  const found = await findRollbackTarget(ctx.deps.github, repository, command.environment, command.to);
  if (!found)
    return ctx.reply({
      text: command.to
        ? `#${command.to} is not an earlier successful deployment of ${command.app} to ${command.environment} ` +
          'with another commit than the current one; nothing was rolled back.'
        : `I found no earlier successful deployment of ${command.app} to ${command.environment} to roll back to.`,
    });
  const { current, target } = found;
  await ctx.reply({
    text:
      `Rolling back ${command.app} ${command.environment} ` +
      `from ${code(current.sha.slice(0, 7))} (#${current.id}) to ${code(target.sha.slice(0, 7))} (#${target.id}).`,
    replace_original: false,
  });
  const branch = rollbackBranch(target, repository, ctx.deps.payloadSecret);
  await handleDeploy(
    ctx,
    {
      action: 'deploy',
      app: command.app,
      environment: command.environment,
      ref: target.sha,
      force: false,
      noop: false,
      params: {},
      rollback_of: current.id,
    },
    branch ? { branch } : {},
  );
}
