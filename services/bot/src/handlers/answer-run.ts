import type { Approval, PendingApproval } from '../ports.js';
import { protectionComment } from '../render/protection-text.js';
import type { CommandContext } from './command-context.js';
import { runTarget, runVerdict } from './run-verdict.js';

type RunApproval = PendingApproval & { run: NonNullable<PendingApproval['run']> };

/** Whether an approval request's subject is a waiting GitHub Actions run (not a chat deploy). */
export const isRunApproval = (pending: PendingApproval): pending is RunApproval => pending.run !== undefined;

/** GitHub's answer to a run whose request an approver rejected: rejected, naming them and their reason. */
export async function answerRunRejected(ctx: CommandContext, pending: RunApproval, reason: string): Promise<void> {
  const { run } = pending;
  const presser = ctx.job.requester;
  const name = (await ctx.deps.slack.userName(presser.slack_user_id).catch(() => null)) ?? presser.name;
  await ctx.deps.github.reviewProtectionRule(run.repository, run.run_id, {
    environment_name: run.environment,
    state: 'rejected',
    comment: protectionComment.rejected(name, reason),
  });
}

/** GitHub's answer to a run whose request expired unanswered: rejected. */
export async function answerRunExpired(ctx: CommandContext, pending: RunApproval): Promise<void> {
  const { run } = pending;
  await ctx.deps.github.reviewProtectionRule(run.repository, run.run_id, {
    environment_name: run.environment,
    state: 'rejected',
    comment: protectionComment.expired(pending.expires_at),
  });
}

/**
 * The last approval of a run's request arrived: freezes and the lock are checked again (as they are
 * now); clear, the run is approved naming its approvers, else rejected with why. Returns the
 * refusal, or null when approved.
 */
export async function answerRunApproved(
  ctx: CommandContext,
  pending: RunApproval,
  approvals: Approval[],
): Promise<string | null> {
  const { run } = pending;
  const target = runTarget(ctx.deps, run);
  const verdict = target ? await runVerdict(ctx.deps, target, false) : null;
  const refusal =
    verdict === null
      ? `Rejected by chatops: ${run.environment} of ${run.repository} is no longer in the config.`
      : verdict.kind === 'reject'
        ? verdict.comment
        : null;
  await ctx.deps.github.reviewProtectionRule(run.repository, run.run_id, {
    environment_name: run.environment,
    state: refusal ? 'rejected' : 'approved',
    comment: refusal ? protectionComment.approvedButRefused(approvals, refusal) : protectionComment.approved(approvals),
  });
  return refusal;
}
