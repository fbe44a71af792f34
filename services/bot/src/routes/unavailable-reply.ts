/** What Slack shows when the bot's queue (Redis) does not answer: nothing was taken, try again. */
export const UNAVAILABLE_REPLY = {
  response_type: 'ephemeral',
  text: 'Sorry, I cannot take commands right now (my queue is unavailable). Please try again in a moment.',
} as const;
