import { readChatopsPayload } from '@chatops/shared/contracts';
import type { CreateOutcome, DeploymentRequest, GitHubPort } from '../ports.js';

/**
 * After a worker died between GitHub's answer and the bot noting it, the deployment may exist: it is
 * the one in this environment whose payload names this command's Slack message (posted once per
 * command). Returns it as created, or null when GitHub has none, so that it is created once.
 */
export async function findCreated(
  github: GitHubPort,
  repository: string,
  request: DeploymentRequest,
): Promise<CreateOutcome | null> {
  const mine = readChatopsPayload(request.payload)?.slack;
  if (!mine?.ts) return null;
  const recent = await github.listDeployments(repository, { environment: request.environment, perPage: 30 });
  const found = recent.find((d) => {
    const slack = readChatopsPayload(d.payload)?.slack;
    return slack?.ts === mine.ts && slack?.channel === mine.channel;
  });
  return found ? { kind: 'created', id: found.id, sha: found.sha } : null;
}
