export const CONFIRM_TTL_SECONDS = 300;
export const CONFIRM_ACTION = 'chatops_confirm';
export const CANCEL_ACTION = 'chatops_cancel';

/** An in-channel question with Confirm and Cancel buttons; both carry the server-side confirmation id. */
export function confirmationBlocks(confirmationId: string, question: string): unknown[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: question } },
    {
      type: 'actions',
      block_id: 'chatops_confirmation',
      elements: [
        {
          type: 'button',
          action_id: CONFIRM_ACTION,
          style: 'primary',
          text: { type: 'plain_text', text: 'Confirm' },
          value: confirmationId,
        },
        {
          type: 'button',
          action_id: CANCEL_ACTION,
          style: 'danger',
          text: { type: 'plain_text', text: 'Cancel' },
          value: confirmationId,
        },
      ],
    },
  ];
}
