import { verify } from '@octokit/webhooks-methods';
import { JobDataError, type AppsConfig } from '@chatops/shared/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IntakePort } from '../ports.js';
import { routeGithubEvent } from '../webhooks/route-github-event.js';
import { nestedTooDeeply, WEBHOOK_BODY_LIMIT } from '../webhooks/body-limits.js';

export type GithubWebhookOptions = { secret: string; apps: AppsConfig; intake: IntakePort };

const REQUIRED = ['x-github-event', 'x-github-delivery', 'x-hub-signature-256'] as const;

/** POST /webhooks/github: verify over the raw body, dedupe by delivery, enqueue, answer. */
export async function githubWebhooksRoute(app: FastifyInstance, opts: GithubWebhookOptions): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: WEBHOOK_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );
  app.post('/webhooks/github', async (request, reply) => handle(request, reply, opts));
}

async function handle(request: FastifyRequest, reply: FastifyReply, opts: GithubWebhookOptions) {
  for (const header of REQUIRED) {
    if (typeof request.headers[header] !== 'string' || request.headers[header] === '') {
      return reply.code(400).send({ error: `[heaven] missing header ${header}` });
    }
  }
  const event = request.headers['x-github-event'] as string;
  const delivery = request.headers['x-github-delivery'] as string;
  const raw = typeof request.body === 'string' ? request.body : '';
  if (raw === '') return reply.code(400).send({ error: '[heaven] empty body' });
  if (!(await verify(opts.secret, raw, request.headers['x-hub-signature-256'] as string).catch(() => false))) {
    return reply.code(401).send({ error: '[heaven] signature does not match (check GITHUB_WEBHOOK_SECRET)' });
  }
  if (nestedTooDeeply(raw)) return reply.code(400).send({ error: '[heaven] body is nested too deeply' });
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw) as Record<string, unknown>;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
  } catch {
    return reply.code(400).send({ error: '[heaven] body is not a JSON object' });
  }
  const route = routeGithubEvent(event, delivery, body, opts.apps);
  if (route.kind === 'ping') return reply.code(200).send({ ok: true, zen: body.zen ?? null });
  if (route.kind === 'ignore') {
    if (route.log) request.log.info({ event, delivery }, `webhook ignored: ${route.reason}`);
    return reply.code(202).send({ ignored: route.reason });
  }
  // The dedupe key and the job are sent together (one pipeline, shared with the other webhooks of
  // this event-loop turn). A duplicate is enqueued again too, a no-op under its deterministic job id:
  // if heaven died between noting the delivery and adding its job, the redelivery adds the job that
  // was missing. The answer waits for both (202 only once the job is stored).
  let first: boolean;
  try {
    ({ first } = await opts.intake.enqueue(route.queue, route.name, route.jobId, route.data, delivery));
  } catch (e) {
    if (e instanceof JobDataError)
      return reply.code(400).send({ error: `[heaven] malformed ${event} payload: ${e.context?.problems.join('; ')}` });
    request.log.error({ err: e }, 'enqueue failed');
    return reply.code(503).send({ error: '[heaven] storage unavailable, redeliver later' });
  }
  const deploymentId = (route.data.deployment as { id?: unknown } | undefined)?.id;
  request.log.info({ event, deliveryId: delivery, deploymentId, jobId: route.jobId }, `webhook ${event} queued`);
  if (!first) return reply.code(200).send({ duplicate: delivery });
  return reply.code(202).send({ queued: route.jobId });
}
