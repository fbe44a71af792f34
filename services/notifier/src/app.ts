import {
  createHttpApp,
  registerHealthRoutes,
  registerMetricsRoute,
  type HttpApp,
  type Logger,
  type Metrics,
  type ReadinessChecks,
} from '@chatops/shared/runtime';

export type AppDeps = {
  logger: Logger;
  metrics: Metrics;
  /** `/readyz`: Redis answers and the workers run. */
  readiness: ReadinessChecks;
  /** Reads what `/metrics` shows of the queues, before each scrape. */
  beforeScrape: () => Promise<void>;
};

/** The notifier's HTTP app: GET /healthz, /readyz and /metrics, with the shared timeouts. No workers, no listen. */
export function buildApp(deps: AppDeps): HttpApp {
  const app = createHttpApp({ logger: deps.logger });
  registerHealthRoutes(app, deps.readiness);
  registerMetricsRoute(app, deps.metrics, deps.beforeScrape);
  return app;
}
