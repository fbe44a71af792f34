import { code, escapeMrkdwn, verifyChatopsPayload } from '@chatops/shared/contracts';
import type { DeploymentSummary } from '../ports.js';
import { timeAgo } from './time-ago.js';

/**
 * Who asked for a deployment: the Slack requester the bot signed into its payload for this very
 * deployment, else the GitHub user who created it (an unsigned or altered payload names no one). Pure.
 */
export function requesterOf(d: DeploymentSummary, repository: string, secret: string): string {
  const trust = verifyChatopsPayload(d.payload, { repository, ...d }, secret);
  if (trust.kind === 'signed') return `<@${trust.chatops.requester.slack_user_id}>`;
  return d.creator ? escapeMrkdwn(d.creator) : 'someone';
}

/** One line about a deployment: id, ref, short sha, task, state, who, when; every GitHub value escaped. Pure. */
export function deploymentLine(d: DeploymentSummary, state: string, who: string, nowMs: number): string {
  const task = d.task !== 'deploy' ? ` ${code(d.task)}` : '';
  return (
    `#${d.id} ${code(d.ref)} (${code(d.sha.slice(0, 7))})${task} ${escapeMrkdwn(state)} by ${who}, ` +
    timeAgo(d.created_at, nowMs)
  );
}
