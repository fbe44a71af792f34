import { withTimeout } from '@chatops/shared/runtime';
import type { FastifyInstance } from 'fastify';
import type { Clock, ProducerPort } from '../ports.js';
import { addRawBodyParser, badRequest, header, readSignedJson, type SlackRouteOptions } from './read-slack-body.js';
import { readEventEnvelope } from './slack-event-envelope.js';
import { ENQUEUE_TIMEOUT_MESSAGE, ENQUEUE_TIMEOUT_MS } from './unavailable-reply.js';

export type SlackEventsOptions = SlackRouteOptions & {
  producer: ProducerPort;
  clock: Clock;
  /** Whether the bot's worker handles events of this type (the others are answered 200 and dropped). */
  handles: (type: string) => boolean;
};

/**
 * POST /slack/events, the Events API: Slack's signature over the raw body (401), its
 * `url_verification` challenge answered, an event the bot handles enqueued (job id from its
 * event_id, so a retry with X-Slack-Retry-Num adds nothing) and acknowledged with an empty 200
 * within Slack's 3 s; others acknowledged and dropped. When the job cannot be enqueued the answer is
 * 503, and Slack delivers the event again later.
 */
export async function slackEventsRoutes(app: FastifyInstance, options: SlackEventsOptions): Promise<void> {
  addRawBodyParser(app);
  app.post('/slack/events', async (request, reply) => {
    const raw = readSignedJson(request, reply, options);
    if (raw === null) return reply;
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return badRequest(reply, 'the body is not JSON');
    }
    const intake = readEventEnvelope(body, options.handles, new Date(options.clock.now()).toISOString());
    const retry = header(request, 'x-slack-retry-num');
    switch (intake.kind) {
      case 'malformed':
        return badRequest(reply, intake.message);
      case 'challenge':
        return reply.code(200).send({ challenge: intake.challenge });
      case 'ignored':
        request.log.debug({ reason: intake.reason, event: intake.type }, 'event ignored');
        return reply.code(200).send();
    }
    const { job, jobId } = intake;
    try {
      await withTimeout(options.producer.slackEvent(job, jobId), ENQUEUE_TIMEOUT_MS, ENQUEUE_TIMEOUT_MESSAGE);
    } catch (e) {
      request.log.error({ err: e, eventId: job.event_id }, 'could not accept an event');
      return reply.code(503).send({ error: 'unavailable', message: 'the event could not be queued; Slack will retry' });
    }
    const retried = retry ? { retry: Number(retry), retryReason: header(request, 'x-slack-retry-reason') } : {};
    request.log.info({ event: job.event.type, eventId: job.event_id, ...retried }, 'event enqueued');
    return reply.code(200).send();
  });
}
