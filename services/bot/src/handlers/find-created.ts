import { verifyChatopsPayload } from '@chatops/shared/contracts';
import type { CreateOutcome, DeploymentRequest, GitHubPort } from '../ports.js';

/**
 * After a worker died between GitHub's answer and the bot noting it, the deployment may exist: it is
 * the one in this environment whose payload, signed by the bot for it, names this command's Slack
 * message (posted once per command). Returns it as created, or null when GitHub has none, so that it
 * is created once. An unsigned or altered payload never counts.
 */
export async function findCreated(
  github: GitHubPort,
  repository: string,
  request: DeploymentRequest,
  secret: string,
): Promise<CreateOutcome | null> {
  const mine = (request.payload.chatops as { slack?: { channel: string; ts?: string } } | undefined)?.slack;
  if (!mine?.ts) return null;
  const recent = await github.listDeployments(repository, { environment: request.environment, perPage: 30 });
  const found = recent.find((d) => {
    const trust = verifyChatopsPayload(d.payload, { repository, ...d }, secret);
    const slack = trust.kind === 'signed' ? trust.chatops.slack : undefined;
    return slack !== undefined && slack.ts === mine.ts && slack.channel === mine.channel;
  });
  return found ? { kind: 'created', id: found.id, sha: found.sha } : null;
}
