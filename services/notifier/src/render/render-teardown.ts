import { code, escapeCut, type ReviewTeardownJob } from '@chatops/shared/contracts';
import type { SlackMessageBody } from '../ports.js';

/** Why it went, in words. Pure. */
function why(job: ReviewTeardownJob): string {
  const pr = job.pr ? ` #${job.pr}` : '';
  switch (job.reason) {
    case 'expired':
      return `no deployment for ${job.ttl_hours ?? '?'}h (ttl_hours)`;
    case 'pr-merged':
      return `pull request${pr} merged`;
    case 'pr-closed':
      return `pull request${pr} closed`;
    case 'branch-deleted':
      return 'branch deleted';
    case 'destroyed':
      return 'destroyed on request';
  }
}

/** What became of the GitHub environment. Pure. */
function environmentFate(job: ReviewTeardownJob): string {
  if (job.github_environment === 'deleted') return 'the GitHub environment is deleted';
  if (job.github_environment === 'forbidden')
    return (
      'the GitHub environment stays: GitHub refused to delete it (a GitHub App needs the Administration ' +
      'repository permission, write; a token the repo scope)'
    );
  return 'the GitHub environment stays: GitHub failed to delete it (see heaven’s log)';
}

/** The teardown of a review environment, for its channel (every outside value escaped and cut). */
export function renderTeardown(job: ReviewTeardownJob): SlackMessageBody {
  const env = code(job.environment);
  const app = job.app ? ` of *${escapeCut(job.app, 100)}*` : '';
  const branch = job.branch ? ` (branch ${code(job.branch)})` : '';
  const inactive = `${job.inactive} deployment${job.inactive === 1 ? '' : 's'} marked inactive`;
  const fate = environmentFate(job);
  const mrkdwn =
    `:broom: Review environment ${env}${app}${branch} torn down: ${why(job)}. ` +
    `Destroyed by deployment #${job.destroy_id}; ${inactive}; ${fate}.`;
  const text = `Review environment ${job.environment} torn down: ${why(job)}`;
  return { text: escapeCut(text, 300), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: mrkdwn } }] };
}
