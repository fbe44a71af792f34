import { truncate } from '@chatops/shared/contracts';

export const APPROVE_ACTION = 'chatops_approve';
export const REJECT_ACTION = 'chatops_reject';
/** The request's reason field (an input block in the message): a Reject press reads it from the message's state. */
export const REASON_BLOCK = 'chatops_reject_reason';
export const REASON_ACTION = 'reason';

const plain = (text: string) => ({ type: 'plain_text' as const, text });

/**
 * An approval request: what to decide (mrkdwn), a reason field, and Approve (behind Slack's
 * confirmation dialog: a tap on a phone must not ship) and Reject. Both buttons carry only the
 * server-side request id. Pure.
 */
export function approvalBlocks(requestId: string, text: string, what: string): unknown[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } },
    {
      type: 'input',
      block_id: REASON_BLOCK,
      optional: true,
      label: plain('Reason, to reject'),
      element: { type: 'plain_text_input', action_id: REASON_ACTION, max_length: 500 },
    },
    {
      type: 'actions',
      block_id: 'chatops_approval',
      elements: [
        {
          type: 'button',
          action_id: APPROVE_ACTION,
          style: 'primary',
          text: plain('Approve'),
          value: requestId,
          confirm: {
            title: plain('Approve this deploy?'),
            text: plain(truncate(`Approve ${what}? It ships once enough approvers approved.`, 300)),
            confirm: plain('Approve'),
            deny: plain('Back'),
          },
        },
        { type: 'button', action_id: REJECT_ACTION, style: 'danger', text: plain('Reject'), value: requestId },
      ],
    },
  ];
}
