import type { AppsConfig } from '@chatops/shared/contracts';
import {
  createHttpApp,
  registerHealthRoutes,
  registerMetricsRoute,
  type HttpApp,
  type HttpAppOptions,
  type Logger,
  type Metrics,
  type ReadinessChecks,
} from '@chatops/shared/runtime';
import type { IntakePort } from './ports.js';
import { adminRoutes, type AdminOptions } from './routes/admin.js';
import { WEBHOOK_BODY_LIMIT } from './routes/body-limits.js';
import { circleciWebhooksRoute } from './routes/circleci-webhooks.js';
import { githubWebhooksRoute } from './routes/github-webhooks.js';
import { logsRoute } from './routes/logs.js';

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
  /** Request and connection timeouts (createHttpApp's defaults unless given). */
  timeouts?: HttpAppOptions['timeouts'];
};

/** heaven's HTTP side: webhooks in, health, metrics, shell logs, admin pages. No listen, no process.env. */
export function buildApp(deps: AppDeps): HttpApp {
  const app = createHttpApp({
    logger: deps.logger,
    bodyLimit: WEBHOOK_BODY_LIMIT,
    timeouts: deps.timeouts,
    // One line per request: a queued webhook already has its own line ("webhook … queued", with
    // request and delivery ids), so its "request completed" is at debug; CircleCI's webhooks have no
    // line of their own, theirs stays at info.
    requestLog: {
      headers: { 'x-github-delivery': 'deliveryId', 'x-github-event': 'event' },
      infoRoutes: ['/webhooks/circleci'],
    },
  });
  registerHealthRoutes(app, deps.readiness);
  registerMetricsRoute(app, deps.metrics, deps.beforeScrape);
  void app.register(githubWebhooksRoute, { secret: deps.githubWebhookSecret, apps: deps.apps, intake: deps.intake });
  void app.register(circleciWebhooksRoute, { secret: deps.circleciWebhookSecret, intake: deps.intake });
  if (deps.logDir) void app.register(logsRoute, { logDir: deps.logDir });
  if (deps.admin) void app.register(adminRoutes, deps.admin);
  return app;
}
