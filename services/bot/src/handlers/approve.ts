import { approvalsMissing, code, escapeMrkdwn, type ChatCommand } from '@chatops/shared/contracts';
import { SlackMessageGoneError } from '@chatops/shared/runtime';
import { approvalBlocks } from '../render/approval-blocks.js';
import { approvedBy, endedLine, waitingLine } from '../render/approval-text.js';
import type { Approval, PendingApproval } from '../ports.js';
import { admitDeploy } from './admit-deploy.js';
import { approvalExpired, endedRefusal, mayApprove, mayReject } from './approval-rules.js';
import { answerRunApproved, answerRunExpired, answerRunRejected, isRunApproval } from './answer-run.js';
import { approvalKeepSeconds } from './ask-approval.js';
import type { CommandContext } from './command-context.js';
import { handleDeploy } from './deploy.js';
import { resolveGroups } from './resolve-groups.js';

type ApproveCommand = Extract<ChatCommand, { action: 'approve' }>;

const NO_REASON_REPLY = 'Type the reason in the field "Reason, to reject" of the request, then press Reject.';

/**
 * A press of Approve or Reject on an approval request, or its scheduled expiry. A press after the
 * request's time is refused and the request says "expired" in place; the requester never approves
 * their own deploy; only approvers approve; an approver counts once. The press that brings the last
 * approval ends the request (once: two presses at once never both deploy), checks permission, lock
 * and freezes again, then creates the deployment with the approvals signed into its payload. A
 * retried job resumes from what its press did.
 */
export async function handleApprove(ctx: CommandContext, command: ApproveCommand): Promise<void> {
  const { approvals: store, clock } = ctx.deps;
  const id = command.request_id;
  const pressed = command.decision !== 'expire';
  const pending = await store.get(id);
  if (!pending) {
    if (pressed) await ctx.reply({ text: 'This approval request is no longer known. Run the command again.' });
    return;
  }
  const me = pressKey(ctx);
  const ended = await store.ended(id);
  if (ended && ended.kind !== 'expired' && ended.by === me) return resume(ctx, command, pending);
  if (ended) return pressed ? ctx.reply({ text: endedRefusal(ended) }) : undefined;
  if (!pressed || approvalExpired(pending, clock.now())) return expireApproval(ctx, id, pending, pressed);
  const groups = await resolveGroups(ctx.deps, pending.approvers);
  const presser = ctx.job.requester.slack_user_id;
  const keep = approvalKeepSeconds(pending, clock.now());
  if (command.decision === 'reject') {
    const may = mayReject(pending, presser, groups);
    if (!may.allowed) return ctx.reply({ text: may.reason });
    if (!command.reason?.trim()) return ctx.reply({ text: NO_REASON_REPLY });
    const end = await store.end(id, { kind: 'rejected', by: me }, keep);
    if (end.kind !== 'rejected' || end.by !== me) return ctx.reply({ text: endedRefusal(end) });
    return resume(ctx, command, pending);
  }
  const may = mayApprove(pending, presser, groups);
  if (!may.allowed) return ctx.reply({ text: may.reason });
  const name = (await ctx.deps.slack.userName(presser).catch(() => null)) ?? ctx.job.requester.name;
  const approval: Approval = { slack_user_id: presser, name, at: ctx.job.received_at };
  const { approvals, by } = await store.approve(id, approval, me, keep);
  const counted = `${approvals.length} of ${pending.required}`;
  if (by !== me) return ctx.reply({ text: `You already approved this deploy; an approver counts once (${counted}).` });
  const missing = approvalsMissing(pending.required, pending.job.requester.slack_user_id, approvals);
  if (missing > 0) {
    await showWaiting(ctx, id, pending, approvals);
    return ctx.reply({ text: `You approved it (${counted}); it waits for ${missing} more.` });
  }
  const end = await store.end(id, { kind: 'approved', by: me }, keep);
  if (end.kind === 'approved' && end.by === me) return resume(ctx, command, pending);
  return ctx.reply({ text: endedRefusal(end) });
}

/** The press's own key: its job's trigger (a retried job has the same). */
const pressKey = (ctx: CommandContext) => ctx.job.trigger_id;

/** What the press that ended the request does (again, on a retry): tell the rejection, or deploy. */
async function resume(ctx: CommandContext, command: ApproveCommand, pending: PendingApproval): Promise<void> {
  const id = command.request_id;
  const approvals = await ctx.deps.approvals.approvals(id);
  if (command.decision === 'reject') {
    const reason = command.reason?.trim() ?? '';
    if (isRunApproval(pending)) await answerRunRejected(ctx, pending, reason);
    await updateRequest(
      ctx,
      id,
      endOf(pending, endedLine({ kind: 'rejected', by: ctx.job.requester.slack_user_id, reason }, approvals)),
    );
    return ctx.reply({ text: 'You rejected it; nothing was deployed.' });
  }
  if (isRunApproval(pending)) {
    const refusal = await answerRunApproved(ctx, pending, approvals);
    const line = refusal
      ? endedLine({ kind: 'refused', reason: escapeMrkdwn(refusal) }, approvals)
      : `*Approved* by ${approvedBy(approvals)}. GitHub Actions goes ahead with the run.`;
    await updateRequest(ctx, id, endOf(pending, line));
    return ctx.reply({
      text: refusal ? `Approved, but GitHub was told: ${escapeMrkdwn(refusal)}` : 'You approved the run.',
    });
  }
  return deployApproved(ctx, id, pending, approvals);
}

/**
 * The last approval arrived: permission, lock and freezes are checked again for the requester (as
 * they are now, not as they were when asked); refused, the request says why; else the deployment
 * of the commit the request showed (its sha, even when the branch moved since) is created as any
 * other, its approvals signed into the payload, in the request's message.
 */
async function deployApproved(
  ctx: CommandContext,
  id: string,
  pending: PendingApproval,
  approvals: Approval[],
): Promise<void> {
  const original: CommandContext = { ...ctx, job: { ...pending.job, response_url: ctx.job.response_url } };
  const refusals: string[] = [];
  const checking: CommandContext = { ...original, reply: async (r) => void refusals.push(r.text ?? '') };
  if (!(await admitDeploy(checking, pending.deploy))) {
    const reason = refusals.join(' ');
    await updateRequest(ctx, id, endOf(pending, endedLine({ kind: 'refused', reason }, approvals)));
    return ctx.reply({ text: `Approved, but not deployed: ${reason}` });
  }
  const sha = pending.sha ? ` ${code(pending.sha.slice(0, 7))}` : '';
  await updateRequest(ctx, id, endOf(pending, `*Approved* by ${approvedBy(approvals)}. Deploying${sha}…`));
  // Exactly the commit the approvers saw: whatever reached the branch since was not approved.
  const pinned = pending.sha ? { sha: pending.sha } : {};
  await handleDeploy(original, pending.deploy, { ...pending.extras, approvals, ...pinned });
}

/**
 * The request's time is up: it says so in place (once, whoever sees it first), a waiting run is
 * rejected in GitHub; a press is told privately.
 */
export async function expireApproval(
  ctx: CommandContext,
  id: string,
  pending: PendingApproval,
  pressed: boolean,
): Promise<void> {
  const store = ctx.deps.approvals;
  const end = await store.end(id, { kind: 'expired' }, approvalKeepSeconds(pending, ctx.deps.clock.now()));
  if (end.kind === 'expired') {
    if (isRunApproval(pending)) await answerRunExpired(ctx, pending);
    await updateRequest(ctx, id, endOf(pending, endedLine({ kind: 'expired' }, await store.approvals(id))));
  }
  if (pressed) await ctx.reply({ text: endedRefusal(end) });
}

const endOf = (pending: PendingApproval, line: string) => ({ text: `${pending.context}\n${line}`, blocks: [] });

async function showWaiting(ctx: CommandContext, id: string, pending: PendingApproval, approvals: Approval[]) {
  const text = `${pending.context}\n${waitingLine(approvals, pending.required, pending.expires_at)}`;
  await updateRequest(ctx, id, { text, blocks: approvalBlocks(id, text, pending.what) });
}

/** Updates the request in place; one a person deleted is left alone. */
async function updateRequest(ctx: CommandContext, id: string, view: { text: string; blocks: unknown[] }) {
  const message = await ctx.deps.messages.get(`trigger-${id}`);
  if (!message) return;
  try {
    await ctx.deps.slack.updateMessage({ channel: message.channel, ts: message.ts, ...view });
  } catch (e) {
    if (!(e instanceof SlackMessageGoneError)) throw e;
    ctx.log.warn({ channel: message.channel, ts: message.ts }, 'the approval request is gone; not updated');
  }
}
