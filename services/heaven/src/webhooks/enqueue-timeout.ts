/** GitHub waits 10 s for an answer: a Redis that does not answer in 2 s gets a 503 (GitHub can redeliver) instead of a timeout. */
export const ENQUEUE_TIMEOUT_MS = 2000;
