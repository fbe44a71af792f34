import { code, escapeCut, link } from '@chatops/shared/contracts';
import { namesCommit } from '../commands/names-commit.js';
import type { Approval, Comparison, DeployCommand } from '../ports.js';
import type { DeployWords } from './deploy-text.js';

/** Commit lines a request shows; the compare link has the rest. */
const COMMITS_SHOWN = 10;
/** What runs there now: its sha, or none (nothing deployed there yet). */
export type Running = { sha: string; comparison: Comparison | null } | null;

/** A Slack date (shown in each reader's time zone), with UTC as its fallback. Pure. */
function slackTime(iso: string): string {
  const ms = Date.parse(iso);
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${iso.slice(0, 16).replace('T', ' ')} UTC>`;
}

const short = (sha: string) => code(sha.slice(0, 7));

/**
 * What an approver needs to decide, escaped: who asks to deploy what where (app, ref, its short sha
 * unless the ref is that sha, noop/force/task/rollback, params), and the commits since what runs
 * there now with a compare link. Pure.
 */
export function approvalContext(input: { words: DeployWords; command: DeployCommand; sha: string; running: Running }) {
  const { words: w, command, sha, running } = input;
  // A ref that names the commit itself (a rollback's, a promote's sha) already shows it.
  const commit = command.ref && namesCommit(command.ref, sha) ? '' : ` (${short(sha)})`;
  const lines = [`${w.mention} asks to deploy ${w.what}${commit} to *${w.environment}*${w.notes}.`];
  const params = Object.entries(command.params);
  if (params.length) lines.push(`Parameters: ${params.map(([k, v]) => `${code(k, 64)}=${code(v, 100)}`).join(', ')}`);
  lines.push(...commitLines(running, sha));
  return lines.join('\n');
}

function commitLines(running: Running, sha: string): string[] {
  if (!running) return ['Nothing runs there yet (no earlier deployment).'];
  if (running.sha === sha) return [`It is the commit that runs there now (${short(sha)}).`];
  const { comparison } = running;
  if (!comparison) return [`Could not compare it with what runs there now (${short(running.sha)}).`];
  const count = comparison.total === 1 ? '1 commit' : `${comparison.total} commits`;
  const lines = [`${link(comparison.htmlUrl, count)} since what runs there now (${short(running.sha)}):`];
  for (const c of comparison.commits.slice(-COMMITS_SHOWN)) {
    const subject = escapeCut(c.message.split('\n')[0] ?? '', 80);
    lines.push(`• ${short(c.sha)} ${subject}${c.author ? ` (${escapeCut(c.author, 40)})` : ''}`);
  }
  if (comparison.total > COMMITS_SHOWN) lines.push(`…and ${comparison.total - COMMITS_SHOWN} earlier ones.`);
  if (comparison.total === 0) lines.push('(none: it is behind what runs there now)');
  return lines;
}

/** Who approved, and when. Pure. */
export function approvedBy(approvals: Approval[]): string {
  return approvals.map((a) => `<@${a.slack_user_id}> (${slackTime(a.at)})`).join(', ');
}

/** The request's state line while it waits. Pure. */
export function waitingLine(approvals: Approval[], required: number, expiresAt: string): string {
  const so = approvals.length ? ` Approved by ${approvedBy(approvals)}.` : '';
  return `*Approvals: ${approvals.length} of ${required}.*${so} Expires ${slackTime(expiresAt)}.`;
}

/** The answer to the requester while the request waits. Pure. */
export function waitingReply(required: number, expiresAfter: string): string {
  const who = required === 1 ? 'an approver approves' : `${required} approvers approve`;
  return `Waiting for approval: nothing is deployed until ${who} it in the channel (within ${expiresAfter}).`;
}

/** The request's last words when it ends without a deployment. Pure. */
export function endedLine(
  end: { kind: 'rejected'; by: string; reason: string } | { kind: 'expired' } | { kind: 'refused'; reason: string },
  approvals: Approval[],
): string {
  const so = approvals.length ? ` (approved by ${approvedBy(approvals)})` : '';
  switch (end.kind) {
    case 'rejected':
      return `*Rejected* by <@${end.by}>: ${escapeCut(end.reason, 500)}${so}. Nothing was deployed.`;
    case 'expired':
      return `*Expired*: not approved in time${so}. Nothing was deployed.`;
    case 'refused':
      return `*Approved*${so}, but not deployed: ${end.reason}`;
  }
}
