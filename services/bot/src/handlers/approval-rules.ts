import { describePrincipals, isListed, type GroupMembers } from '../commands/authorize.js';
import type { ApprovalEnd, PendingApproval } from '../ports.js';

/** What a press of Approve or Reject may do: go ahead, or the private refusal the presser is told. */
export type PressVerdict = { allowed: true } | { allowed: false; reason: string };

/** Whether the request's time is up (its expiry job may not have run yet). Pure. */
export function approvalExpired(pending: PendingApproval, nowMs: number): boolean {
  return nowMs >= Date.parse(pending.expires_at);
}

/**
 * May this person approve: never the requester (the two-person rule), only one of the approvers
 * (a user listed, or a member of a user group listed). Pure.
 */
export function mayApprove(pending: PendingApproval, presserId: string, groups: GroupMembers): PressVerdict {
  if (presserId === pending.job.requester.slack_user_id)
    return { allowed: false, reason: 'You asked for this deploy, so you cannot approve it: someone else must.' };
  if (isListed(pending.approvers, presserId, groups) === true) return { allowed: true };
  return {
    allowed: false,
    reason: `You may not approve this deploy. Those who may: ${describePrincipals(pending.approvers)}.`,
  };
}

/** May this person reject: an approver, or the requester (who withdraws it). Pure. */
export function mayReject(pending: PendingApproval, presserId: string, groups: GroupMembers): PressVerdict {
  if (presserId === pending.job.requester.slack_user_id) return { allowed: true };
  if (isListed(pending.approvers, presserId, groups) === true) return { allowed: true };
  return {
    allowed: false,
    reason: `You may not reject this deploy. Those who may: ${describePrincipals(pending.approvers)}.`,
  };
}

/** What a press is told about a request that already ended. Pure. */
export function endedRefusal(end: ApprovalEnd): string {
  switch (end.kind) {
    case 'approved':
      return 'This deploy was already approved; nothing more is needed.';
    case 'rejected':
      return 'This deploy was rejected; nothing was deployed. Run the command again to ask anew.';
    case 'expired':
      return 'This approval request has expired; nothing was deployed. Run the command again to ask anew.';
  }
}
