import { code, escapeCut, escapeMrkdwn, link, truncate, type ProtectionRuleJob } from '@chatops/shared/contracts';
import type { Approval } from '../ports.js';

/** GitHub keeps a review's comment as plain text: cut to a length GitHub shows in full. */
const COMMENT_MAX = 1000;

/** The config names of the app and environment a run waits at. */
export type RunPlace = { app: string; environment: string };

const cut = (text: string) => truncate(text, COMMENT_MAX);
const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const names = (approvals: Approval[]) => approvals.map((a) => `@${a.name}`).join(', ');

/**
 * What an approver needs to decide on a waiting GitHub Actions run, escaped: the repository, the
 * environment, the ref and sha, the run's link and who started it. Pure.
 */
export function runApprovalContext(run: ProtectionRuleJob, place: RunPlace): string {
  return (
    `A GitHub Actions run waits to deploy ${code(run.ref || run.sha.slice(0, 7), 100)} ` +
    `(${code(run.sha.slice(0, 7))}) of ${escapeMrkdwn(run.repository)} to *${escapeMrkdwn(place.environment)}* ` +
    `(${escapeMrkdwn(place.app)}): ${link(run.run_url, `workflow run ${run.run_id}`)}` +
    `${run.sender ? `, started by ${escapeCut(run.sender, 100)}` : ''}.`
  );
}

/** How the Approve dialog names a run (plain text). Pure. */
export function runWhat(run: ProtectionRuleJob): string {
  return `the GitHub Actions run ${run.run_id} of ${run.repository} to ${run.environment}`;
}

/** The review comments chatops leaves on a waiting run (plain text, as GitHub shows them). Pure. */
export const protectionComment = {
  frozen: (p: RunPlace, reason: string, until: number) =>
    cut(`Rejected by chatops: ${p.app} ${p.environment} is frozen until ${utc(until)}: ${reason}`),
  waitingForThaw: (p: RunPlace, reason: string, until: number) =>
    cut(
      `Waiting in chatops: ${p.app} ${p.environment} is frozen until ${utc(until)}: ${reason}. ` +
        'This run is decided when the freeze ends.',
    ),
  locked: (p: RunPlace, holder: string, reason: string) =>
    cut(
      `Rejected by chatops: ${p.app} ${p.environment} is locked by ${holder}${reason ? ` (${reason})` : ''}; ` +
        'only they may deploy there until it is unlocked.',
    ),
  clear: (p: RunPlace) => `Approved by chatops: no freeze or lock holds ${p.app} ${p.environment}.`,
  asked: (required: number) =>
    `Waiting for approval in Slack: ${required === 1 ? 'an approver' : `${required} approvers`} must approve this run.`,
  approved: (approvals: Approval[]) => cut(`Approved in Slack by ${names(approvals)}.`),
  approvedButRefused: (approvals: Approval[], refusal: string) =>
    cut(`Approved in Slack by ${names(approvals)}, but ${refusal.replace(/^Rejected by chatops: /, 'rejected: ')}`),
  rejected: (by: string, reason: string) => cut(`Rejected in Slack by @${by}: ${reason}`),
  noChannel: (p: RunPlace) =>
    `Rejected by chatops: ${p.app} ${p.environment} needs approval, but no Slack channel is configured to ask in.`,
  expired: (expiresAt: string) => `Rejected by chatops: not approved in Slack by ${utc(Date.parse(expiresAt))}.`,
};

/**
 * Said in the environment's channel when a run waits there but chatops cannot answer it: GitHub
 * takes a custom deployment protection rule's review only from the GitHub App's installation. Pure.
 */
export function tokenOnlyText(run: ProtectionRuleJob, place: RunPlace): string {
  return (
    `${link(run.run_url, `GitHub Actions run ${run.run_id}`)} waits at *${escapeMrkdwn(place.environment)}* ` +
    `of ${escapeMrkdwn(run.repository)}, but chatops cannot answer it: GitHub takes the review of a ` +
    'custom deployment protection rule only from a GitHub App, and the bot has only GITHUB_TOKEN ' +
    '(set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID). Approve or reject it in GitHub.'
  );
}
