import { jobId, JobDataError, QUEUES } from '@chatops/shared/contracts';
import type { FastifyInstance } from 'fastify';
import type { IntakePort } from '../ports.js';
import { verifyCircleciSignature } from '../webhooks/verify-circleci-signature.js';
import { nestedTooDeeply, WEBHOOK_BODY_LIMIT } from '../webhooks/body-limits.js';

export type CircleciWebhookOptions = { secret: string | undefined; intake: IntakePort };

/** POST /webhooks/circleci: signed `workflow-completed` webhooks wake the pipeline's deployment. */
export async function circleciWebhooksRoute(app: FastifyInstance, opts: CircleciWebhookOptions): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: WEBHOOK_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );
  app.post('/webhooks/circleci', async (request, reply) => {
    if (!opts.secret)
      return reply
        .code(401)
        .send({ error: '[heaven] CircleCI webhooks are not accepted: CIRCLECI_WEBHOOK_SECRET is not set' });
    const raw = typeof request.body === 'string' ? request.body : '';
    const header = request.headers['circleci-signature'];
    if (!verifyCircleciSignature(opts.secret, raw, typeof header === 'string' ? header : undefined)) {
      return reply
        .code(401)
        .send({ error: '[heaven] circleci-signature does not match (check CIRCLECI_WEBHOOK_SECRET)' });
    }
    let body: { type?: unknown; id?: unknown; pipeline?: { id?: unknown }; workflow?: { status?: unknown } };
    if (nestedTooDeeply(raw)) return reply.code(400).send({ error: '[heaven] body is nested too deeply' });
    try {
      body = JSON.parse(raw) as typeof body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
    } catch {
      return reply.code(400).send({ error: '[heaven] body is not a JSON object' });
    }
    if (body.type !== 'workflow-completed')
      return reply.code(202).send({ ignored: `event ${String(body.type)} is not used` });
    const eventId = typeof body.id === 'string' ? body.id : '';
    try {
      await opts.intake.enqueue(
        QUEUES.ciEvents,
        'circleci-workflow',
        jobId('circleci', eventId || String(body.pipeline?.id)),
        {
          kind: 'circleci-workflow',
          pipeline_id: body.pipeline?.id,
          status: typeof body.workflow?.status === 'string' ? body.workflow.status : undefined,
        },
      );
    } catch (e) {
      if (e instanceof JobDataError)
        return reply
          .code(400)
          .send({ error: `[heaven] malformed workflow-completed payload: ${e.context?.problems.join('; ')}` });
      request.log.error({ err: e }, 'enqueue failed');
      return reply.code(503).send({ error: '[heaven] storage unavailable' });
    }
    return reply.code(202).send({ queued: true });
  });
}
