import { z } from 'zod';
import { parseDuration } from '../parse-duration.js';
import { slackPrincipal } from './slack-principal.js';

/** The longest an approval request waits (its delayed expiry job and its Redis keys live that long). */
export const APPROVAL_EXPIRY_LIMIT_MS = 7 * 24 * 3_600_000;

/**
 * `approval:` of an environment: `required` distinct approvers (never the requester) among
 * `approvers` (user or user-group ids) approve in the channel before the deployment is created; the
 * request ends unanswered after `expires_after` (a duration such as `30m`, `1h`, `1d`).
 */
export const approvalSchema = z
  .object({
    required: z.number().int().min(1).max(10).default(1),
    approvers: z.array(slackPrincipal).min(1, 'expected at least one approver'),
    expires_after: z
      .string()
      .default('1h')
      .refine(
        (text) => {
          const ms = parseDuration(text);
          return ms !== null && ms <= APPROVAL_EXPIRY_LIMIT_MS;
        },
        { message: 'expected a duration like 30m, 1h or 1d, at most 7d' },
      ),
  })
  .strict()
  .superRefine((approval, ctx) => {
    // Only users listed: there must be enough of them (a group's members are known at press time only).
    if (approval.approvers.some((p) => p.startsWith('S'))) return;
    if (new Set(approval.approvers).size < approval.required)
      ctx.addIssue({
        code: 'custom',
        path: ['approvers'],
        message: `expected at least ${approval.required} approvers (required: ${approval.required})`,
      });
  });

export type ApprovalConfig = z.infer<typeof approvalSchema>;

/**
 * How many more distinct approvals an environment's `approval` needs (0: approved): the requester
 * never counts, an approver counts once. The bot's count at each press and heaven's before the CI. Pure.
 */
export function approvalsMissing(
  required: number,
  requesterId: string | undefined,
  approvals: ReadonlyArray<{ slack_user_id: string }>,
): number {
  const distinct = new Set(approvals.map((a) => a.slack_user_id).filter((id) => id && id !== requesterId));
  return Math.max(0, required - distinct.size);
}

/** How long a request of this environment waits for its approvals, in milliseconds. Pure. */
export function approvalExpiryMs(approval: ApprovalConfig): number {
  return parseDuration(approval.expires_after) ?? 3_600_000;
}
