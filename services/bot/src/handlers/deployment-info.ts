import { readChatopsPayload } from '@chatops/shared/contracts';
import type { DeploymentSummary, GitHubPort } from '../ports.js';
import { lockLine } from './locks.js';
import { lookup } from './permission-again.js';
import { age, type Turn } from './worker-deps.js';

/** One line about a deployment: ref, short sha, state, who, when. */
async function describe(github: GitHubPort, repository: string, d: DeploymentSummary, nowMs: number): Promise<string> {
  const statuses = await github.listStatuses(repository, d.id);
  const state = statuses[0]?.state ?? 'pending';
  const chatops = readChatopsPayload(d.payload);
  const who = chatops ? `<@${chatops.requester.slack_user_id}>` : (d.creator ?? 'someone');
  const task = d.task !== 'deploy' ? ` ${d.task}` : '';
  return `#${d.id} \`${d.ref}\` (\`${d.sha.slice(0, 7)}\`)${task} ${state} by ${who}, ${age(d.created_at, nowMs)} ago`;
}

/** `where APP`: each environment with its lock and its last deployment. */
export async function handleWhere(turn: Turn, appName: string): Promise<void> {
  const app = lookup(turn, { action: 'where', app: appName })?.app;
  if (!app) return turn.reply({ text: `${appName} is no longer in the config.` });
  const { github, locks, clock } = turn.deps;
  const lines = [`*${app.name}* (${app.app.repository}):`];
  for (const [envName, env] of Object.entries(app.app.environments)) {
    const lock = await locks.get(app.app.repository, envName);
    const filter = env.transient ? { perPage: 100 } : { environment: envName, perPage: 1 };
    let list = await github.listDeployments(app.app.repository, filter);
    if (env.transient) list = list.filter((d) => d.environment.startsWith(`${envName}-`)).slice(0, 1);
    const last = list[0] ? await describe(github, app.app.repository, list[0], clock()) : 'never deployed';
    lines.push(`• *${envName}*${env.transient ? ' (per branch)' : ''}: ${last}`);
    if (lock) lines.push(`  ${lockLine(lock, clock()).slice(2)}`);
  }
  await turn.reply({ text: lines.join('\n') });
}

/** `history APP [ENV]`: the last 10 deployments. */
export async function handleHistory(turn: Turn, appName: string, environment?: string): Promise<void> {
  const app = lookup(turn, { action: 'where', app: appName })?.app;
  if (!app) return turn.reply({ text: `${appName} is no longer in the config.` });
  const { github, clock } = turn.deps;
  const transient = environment ? app.app.environments[environment]?.transient : false;
  const filter = environment && !transient ? { environment, perPage: 10 } : { perPage: transient ? 100 : 10 };
  let list = await github.listDeployments(app.app.repository, filter);
  if (transient) list = list.filter((d) => d.environment.startsWith(`${environment}-`));
  if (list.length === 0)
    return turn.reply({ text: `No deployments of ${app.name}${environment ? ` to ${environment}` : ''} yet.` });
  const lines = await Promise.all(
    list.slice(0, 10).map(async (d) => `• ${d.environment}: ${await describe(github, app.app.repository, d, clock())}`),
  );
  await turn.reply({
    text: [`Last deployments of *${app.name}*${environment ? ` to ${environment}` : ''}:`, ...lines].join('\n'),
  });
}
