import {
  code,
  escapeCut,
  formatDuration,
  type ReviewEnvironment,
  type TeardownReason,
} from '@chatops/shared/contracts';

/** A review environment with when it expires (null: the config no longer makes it transient). */
export type ReviewLine = { review: ReviewEnvironment; expiresAt: number | null };

const TEARDOWN: Record<TeardownReason, string> = {
  expired: 'its ttl_hours passed',
  'pr-closed': 'pull request closed',
  'pr-merged': 'pull request merged',
  'branch-deleted': 'branch deleted',
  destroyed: 'destroyed',
};

/** One line of `/deploy reviews`: the environment, its app and branch, age, last deploy, expiry. Pure. */
function reviewLine({ review, expiresAt }: ReviewLine, now: number): string {
  const pr = review.pr ? `, pull request #${review.pr}` : '';
  const head = `• ${code(review.environment)} of *${escapeCut(review.app, 100)}* (branch ${code(review.branch)}${pr})`;
  const age = `up ${formatDuration(Math.max(0, now - review.created_at))}`;
  const since = formatDuration(Math.max(0, now - review.last_deploy_at));
  const last = `last deploy #${review.last_deployment_id} ${since} ago`;
  const end = review.teardown
    ? `tearing down (${TEARDOWN[review.teardown.reason]})`
    : expiresAt === null
      ? 'no expiry (no longer transient in the config)'
      : expiresAt <= now
        ? 'expired, teardown due'
        : `expires in ${formatDuration(expiresAt - now)}`;
  return `${head}: ${age}, ${last}, ${end}`;
}

/** The answer to `/deploy reviews [APP]`, oldest first. Pure. */
export function reviewsText(lines: ReviewLine[], now: number, app?: string): string {
  if (lines.length === 0)
    return app ? `${escapeCut(app, 100)} has no live review environment.` : 'No review environment is live.';
  const title = app ? `Live review environments of *${escapeCut(app, 100)}*:` : 'Live review environments:';
  return [title, ...lines.map((l) => reviewLine(l, now))].join('\n');
}
