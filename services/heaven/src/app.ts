import Fastify, { type FastifyInstance } from 'fastify';
import type { AppsConfig } from '@chatops/shared/contracts';
import {
  genRequestId,
  registerHealthRoutes,
  registerMetricsRoute,
  RequestLogController,
  type Logger,
  type Metrics,
  type ReadinessChecks,
} from '@chatops/shared/runtime';
import type { IntakePort } from './ports.js';
import { circleciWebhooksRoute } from './routes/circleci-webhooks.js';
import { githubWebhooksRoute } from './routes/github-webhooks.js';
import { logsRoute } from './routes/logs.js';
import { WEBHOOK_BODY_LIMIT } from './webhooks/body-limits.js';
import { adminRoutes, type AdminOptions } from './routes/admin.js';

export type AppDeps = {
  logger: Logger;
  apps: AppsConfig;
  githubWebhookSecret: string;
  circleciWebhookSecret: string | undefined;
  intake: IntakePort;
  metrics: Metrics;
  readiness: ReadinessChecks;
  /** Where shell deployment logs are; unset = no /logs route. */
  logDir?: string;
  /** GET /dashboard and /admin/queues; unset (no admin credentials) = not mounted. */
  admin?: AdminOptions;
  /** Runs before each scrape of /metrics (queue depth). */
  beforeScrape?: () => Promise<void>;
};

/** heaven's HTTP side: webhooks in, health, metrics, shell logs. No listen, no process.env. */
export function buildApp(deps: AppDeps): FastifyInstance {
  // One line per request instead of Fastify's two: a queued webhook already has its own line
  // ("webhook … queued", with request and delivery ids), so its "request completed" is at debug;
  // CircleCI's webhooks have no line of their own, theirs stays at info.
  const logController = new RequestLogController({
    headers: { 'x-github-delivery': 'deliveryId', 'x-github-event': 'event' },
    infoRoutes: ['/webhooks/circleci'],
  });
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: WEBHOOK_BODY_LIMIT,
    genReqId: genRequestId,
    logController,
  }) as unknown as FastifyInstance;
  registerHealthRoutes(app, deps.readiness);
  registerMetricsRoute(app, deps.metrics, deps.beforeScrape);
  void app.register(githubWebhooksRoute, { secret: deps.githubWebhookSecret, apps: deps.apps, intake: deps.intake });
  void app.register(circleciWebhooksRoute, { secret: deps.circleciWebhookSecret, intake: deps.intake });
  if (deps.logDir) void app.register(logsRoute, { logDir: deps.logDir });
  if (deps.admin) void app.register(adminRoutes, deps.admin);
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(status).send({ error: '[heaven] internal error' });
    }
    return reply.code(status).send({ error: `[heaven] ${error.message}` });
  });
  return app;
}
