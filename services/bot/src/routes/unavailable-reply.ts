/** Slack waits 3 s: a queue that does not answer in 2 s gets the person an apology instead of a timeout. */
export const ENQUEUE_TIMEOUT_MS = 2000;
export const ENQUEUE_TIMEOUT_MESSAGE = `the queue did not answer within ${ENQUEUE_TIMEOUT_MS} ms`;

/** What Slack shows when the bot's queue (Redis) does not answer: nothing was taken, try again. */
export const UNAVAILABLE_REPLY = {
  response_type: 'ephemeral',
  text: 'Sorry, I cannot take commands right now (my queue is unavailable). Please try again in a moment.',
} as const;
