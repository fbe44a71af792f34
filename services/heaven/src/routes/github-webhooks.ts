import { verify } from '@octokit/webhooks-methods';
import { JobDataError, type AppsConfig } from '@chatops/shared/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IntakePort } from '../ports.js';
import { routeGithubEvent, type GithubEventRoute } from '../webhooks/route-github-event.js';
import { bodyDigest, isDeliveryId } from './github-delivery.js';
import { acceptRawJson, parseJsonObject } from './json-body.js';

export type GithubWebhookOptions = { secret: string; apps: AppsConfig; intake: IntakePort };

const REQUIRED = ['x-github-event', 'x-github-delivery', 'x-hub-signature-256'] as const;

/** A webhook's headers and raw body, checked before anything is verified or parsed. */
type Delivery = { event: string; id: string; signature: string; raw: string };
/** A webhook routed to a job. */
type Routed = { event: string; delivery: string; raw: string; route: Extract<GithubEventRoute, { kind: 'enqueue' }> };

/** POST /webhooks/github: verify over the raw body, dedupe by body, enqueue, answer. */
export async function githubWebhooksRoute(app: FastifyInstance, opts: GithubWebhookOptions): Promise<void> {
  acceptRawJson(app);
  app.post('/webhooks/github', async (request, reply) => handle(request, reply, opts));
}

async function handle(request: FastifyRequest, reply: FastifyReply, opts: GithubWebhookOptions) {
  const delivery = readDelivery(request);
  if ('error' in delivery) return reply.code(400).send({ error: delivery.error });
  const { event, raw } = delivery;
  if (!(await verify(opts.secret, raw, delivery.signature).catch(() => false))) {
    return reply.code(401).send({ error: 'signature does not match (check GITHUB_WEBHOOK_SECRET)' });
  }
  const parsed = parseJsonObject(raw);
  if (!parsed.ok) return reply.code(400).send({ error: parsed.error });
  const route = routeGithubEvent(event, delivery.id, parsed.body, opts.apps);
  if (route.kind === 'ping') return reply.code(200).send({ ok: true, zen: parsed.body.zen ?? null });
  if (route.kind === 'ignore') {
    if (route.log) request.log.info({ event, delivery: delivery.id }, `webhook ignored: ${route.reason}`);
    return reply.code(202).send({ ignored: route.reason });
  }
  return enqueue(request, reply, opts.intake, { event, delivery: delivery.id, raw, route });
}

/** The headers every delivery carries, a GUID delivery id and a body; else the 400 answer's error. */
function readDelivery(request: FastifyRequest): Delivery | { error: string } {
  for (const header of REQUIRED) {
    if (typeof request.headers[header] !== 'string' || request.headers[header] === '') {
      return { error: `missing header ${header}` };
    }
  }
  const id = request.headers['x-github-delivery'] as string;
  if (!isDeliveryId(id)) return { error: 'x-github-delivery is not a GitHub delivery id (a GUID)' };
  const raw = typeof request.body === 'string' ? request.body : '';
  if (raw === '') return { error: 'empty body' };
  const event = request.headers['x-github-event'] as string;
  return { event, id, signature: request.headers['x-hub-signature-256'] as string, raw };
}

/**
 * The dedupe key (the body's digest) and the job are sent together (one pipeline, shared with the
 * other webhooks of this event-loop tick). A duplicate is enqueued again too, a no-op under its
 * deterministic job id: if heaven died between noting the body and adding its job, the redelivery
 * adds the job that was missing. The answer waits for both (202 only once the job is stored).
 */
async function enqueue(
  request: FastifyRequest,
  reply: FastifyReply,
  intake: IntakePort,
  { event, delivery, raw, route }: Routed,
) {
  let first: boolean;
  try {
    ({ first } = await intake.enqueue(route.queue, route.name, route.jobId, route.data, bodyDigest(raw)));
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
