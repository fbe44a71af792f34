import type { GitHubPort, DeploymentSummary } from '../ports.js';
import { handleDeploy } from './deploy.js';
import { lookup } from './permission-again.js';
import type { Turn } from './worker-deps.js';

/**
 * The current deployment (the newest one, whatever its state: a failed deploy may have left the
 * environment broken) and the newest successful one before it with another sha.
 */
export async function findRollbackTarget(
  github: GitHubPort,
  repository: string,
  environment: string,
): Promise<{ current: DeploymentSummary; target: DeploymentSummary } | null> {
  const list = (await github.listDeployments(repository, { environment, perPage: 30 })).filter(
    (d) => d.task === 'deploy' || d.task.startsWith('deploy:'),
  );
  const [current, ...older] = list;
  if (!current) return null;
  for (const d of older) {
    if (d.sha === current.sha) continue;
    const statuses = await github.listStatuses(repository, d.id);
    if (statuses.some((s) => s.state === 'success')) return { current, target: d };
  }
  return null;
}

/** `rollback APP ENV`: deploys the sha of the last successful deployment before the current one. */
export async function handleRollback(turn: Turn, command: { app: string; environment: string }): Promise<void> {
  const resolved = lookup(turn, { action: 'rollback', ...command });
  if (!resolved?.app) return turn.reply({ text: `${command.app} is no longer in the config.` });
  const found = await findRollbackTarget(turn.deps.github, resolved.app.app.repository, command.environment);
  if (!found)
    return turn.reply({
      text: `I found no earlier successful deployment of ${command.app} to ${command.environment} to roll back to.`,
    });
  await turn.reply({
    text:
      `Rolling back ${command.app} ${command.environment} ` +
      `from \`${found.current.sha.slice(0, 7)}\` (#${found.current.id}) ` +
      `to \`${found.target.sha.slice(0, 7)}\` (#${found.target.id}).`,
    replace_original: false,
  });
  await handleDeploy(turn, {
    action: 'deploy',
    app: command.app,
    environment: command.environment,
    ref: found.target.sha,
    force: false,
    noop: false,
    params: {},
    rollback_of: found.current.id,
  });
}
