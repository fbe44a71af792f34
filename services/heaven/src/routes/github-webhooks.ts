import { verify } from '@octokit/webhooks-methods';
import { JobDataError, type AppsConfig } from '@chatops/shared/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IntakePort } from '../ports.js';
import { routeGithubEvent } from '../webhooks/route-github-event.js';
import { bodyDigest, isDeliveryId } from './github-delivery.js';
import { acceptRawJson, parseJsonObject } from './json-body.js';

export type GithubWebhookOptions = { secret: string; apps: AppsConfig; intake: IntakePort };

const REQUIRED = ['x-github-event', 'x-github-delivery', 'x-hub-signature-256'] as const;

/** POST /webhooks/github: verify over the raw body, dedupe by body, enqueue, answer. */
export async function githubWebhooksRoute(app: FastifyInstance, opts: GithubWebhookOptions): Promise<void> {
  acceptRawJson(app);
  app.post('/webhooks/github', async (request, reply) => handle(request, reply, opts));
}

async function handle(request: FastifyRequest, reply: FastifyReply, opts: GithubWebhookOptions) {
  for (const header of REQUIRED) {
    if (typeof request.headers[header] !== 'string' || request.headers[header] === '') {
      return reply.code(400).send({ error: `missing header ${header}` });
    }
  }
  const event = request.headers['x-github-event'] as string;
  const delivery = request.headers['x-github-delivery'] as string;
  if (!isDeliveryId(delivery))
    return reply.code(400).send({ error: 'x-github-delivery is not a GitHub delivery id (a GUID)' });
  const raw = typeof request.body === 'string' ? request.body : '';
  if (raw === '') return reply.code(400).send({ error: 'empty body' });
  if (!(await verify(opts.secret, raw, request.headers['x-hub-signature-256'] as string).catch(() => false))) {
    return reply.code(401).send({ error: 'signature does not match (check GITHUB_WEBHOOK_SECRET)' });
  }
  const parsed = parseJsonObject(raw);
  if (!parsed.ok) return reply.code(400).send({ error: parsed.error });
  const body = parsed.body;
  const route = routeGithubEvent(event, delivery, body, opts.apps);
  if (route.kind === 'ping') return reply.code(200).send({ ok: true, zen: body.zen ?? null });
  if (route.kind === 'ignore') {
    if (route.log) request.log.info({ event, delivery }, `webhook ignored: ${route.reason}`);
    return reply.code(202).send({ ignored: route.reason });
  }
  // The dedupe key (the body's digest) and the job are sent together (one pipeline, shared with the
  // other webhooks of this event-loop tick). A duplicate is enqueued again too, a no-op under its
  // deterministic job id: if heaven died between noting the body and adding its job, the redelivery
  // adds the job that was missing. The answer waits for both (202 only once the job is stored).
  let first: boolean;
  try {
    ({ first } = await opts.intake.enqueue(route.queue, route.name, route.jobId, route.data, bodyDigest(raw)));
  } catch (e) {
    if (e instanceof JobDataError)
      return reply.code(400).send({ error: `malformed ${event} payload: ${e.context?.problems.join('; ')}` });
    request.log.error({ err: e }, 'enqueue failed');
    return reply.code(503).send({ error: 'storage unavailable, redeliver later' });
  }
  const deploymentId = (route.data.deployment as { id?: unknown } | undefined)?.id;
  request.log.info({ event, deliveryId: delivery, deploymentId, jobId: route.jobId }, `webhook ${event} queued`);
  if (!first) return reply.code(200).send({ duplicate: delivery });
  return reply.code(202).send({ queued: route.jobId });
}
