import { QUEUES } from '@chatops/shared/contracts';
import { createQueue } from '@chatops/shared/runtime';
import { type EventDelivery, slackEventHeaders, waitFor } from '@chatops/testkit';
import { type Harness, SIGNING_SECRET } from './harness.js';

/** Posts an Events API body to POST /slack/events, signed as Slack signs it (a retry with its headers). */
export async function postEvent(
  h: Harness,
  body: unknown,
  delivery: EventDelivery & { secret?: string } = {},
): Promise<{ status: number; body: string }> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await h.inject({
    method: 'POST',
    url: '/slack/events',
    headers: slackEventHeaders(delivery.secret ?? SIGNING_SECRET, raw, {
      timestampSec: Math.floor(h.now.ms / 1000),
      ...delivery,
    }),
    payload: raw,
  });
  return { status: res.statusCode, body: res.body };
}

/** Waits until the slack-events job of `eventId` has finished (completed or failed for good) and returns its state. */
export async function eventSettled(h: Harness, eventId: string): Promise<string> {
  const queue = createQueue(QUEUES.slackEvents, { connection: h.redis, prefix: h.prefix });
  try {
    return await waitFor(async () => {
      const job = await queue.getJob(`event-${eventId}`);
      const state = await job?.getState();
      return state === 'completed' || state === 'failed' ? state : null;
    }, `event job ${eventId} to finish`);
  } finally {
    await queue.close();
  }
}
