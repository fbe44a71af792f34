import { jobId, JobDataError, QUEUES } from '@chatops/shared/contracts';
import type { FastifyInstance } from 'fastify';
import type { IntakePort } from '../ports.js';
import { acceptRawJson, parseJsonObject } from './json-body.js';
import { verifyCircleciSignature } from './verify-circleci-signature.js';

export type CircleciWebhookOptions = { secret: string | undefined; intake: IntakePort };

type WorkflowCompleted = { type?: unknown; pipeline?: { id?: unknown }; workflow?: { id?: unknown; status?: unknown } };

/** POST /webhooks/circleci: signed `workflow-completed` webhooks wake the pipeline's deployment. */
export async function circleciWebhooksRoute(app: FastifyInstance, opts: CircleciWebhookOptions): Promise<void> {
  acceptRawJson(app);
  app.post('/webhooks/circleci', async (request, reply) => {
    if (!opts.secret)
      return reply.code(401).send({ error: 'CircleCI webhooks are not accepted: CIRCLECI_WEBHOOK_SECRET is not set' });
    const raw = typeof request.body === 'string' ? request.body : '';
    const header = request.headers['circleci-signature'];
    if (!verifyCircleciSignature(opts.secret, raw, typeof header === 'string' ? header : undefined)) {
      return reply.code(401).send({ error: 'circleci-signature does not match (check CIRCLECI_WEBHOOK_SECRET)' });
    }
    const parsed = parseJsonObject(raw);
    if (!parsed.ok) return reply.code(400).send({ error: parsed.error });
    const body = parsed.body as WorkflowCompleted;
    if (body.type !== 'workflow-completed')
      return reply.code(202).send({ ignored: `event ${String(body.type)} is not used` });
    const status = typeof body.workflow?.status === 'string' ? body.workflow.status : undefined;
    try {
      // Keyed by what it is about: the same workflow's end, however often it is delivered, is one job.
      await opts.intake.enqueue(
        QUEUES.ciEvents,
        'circleci-workflow',
        jobId('circleci', String(body.pipeline?.id), String(body.workflow?.id), status ?? 'none'),
        { kind: 'circleci-workflow', pipeline_id: body.pipeline?.id, status },
      );
    } catch (e) {
      if (e instanceof JobDataError)
        return reply
          .code(400)
          .send({ error: `malformed workflow-completed payload: ${e.context?.problems.join('; ')}` });
      request.log.error({ err: e }, 'enqueue failed');
      return reply.code(503).send({ error: 'storage unavailable' });
    }
    return reply.code(202).send({ queued: true });
  });
}
