import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type Metrics = {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  jobs: Counter<'queue' | 'outcome'>;
  externalCalls: Histogram<'api' | 'outcome'>;
  queueDepth: Gauge<'queue' | 'state'>;
  externalErrors: Counter<'api' | 'status'>;
  deployments: Counter<'app' | 'environment' | 'outcome'>;
  deploymentDuration: Histogram<'app' | 'environment' | 'outcome'>;
  healthCheckState: Gauge<'app' | 'environment'>;
  githubWrites: Counter<'route'>;
  githubWriteWait: Histogram;
};

/** One registry per service instance (tests build many apps in one process). */
export function createMetrics(service: string, { defaults = true }: { defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (defaults) collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'chatops_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 3],
      registers: [registry],
    }),
    jobs: new Counter({
      name: 'chatops_jobs_total',
      help: 'Jobs processed per queue and outcome (completed, failed, retried)',
      labelNames: ['queue', 'outcome'],
      registers: [registry],
    }),
    externalCalls: new Histogram({
      name: 'chatops_external_api_call_duration_seconds',
      help: 'Latency of calls to Slack, GitHub and the CI, by outcome',
      labelNames: ['api', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'chatops_queue_jobs',
      help: 'Jobs in each queue by state',
      labelNames: ['queue', 'state'],
      registers: [registry],
    }),
    ...createDeploymentMetrics(registry),
    ...createGitHubWriteMetrics(registry),
  };
}

/** GitHub's write budget (issue 18): writes by route (per deployment: ÷ chatops_deployments_total), the wait. */
function createGitHubWriteMetrics(registry: Registry) {
  return {
    githubWrites: new Counter({
      name: 'chatops_github_writes_total',
      help: 'GitHub writes (POST, PATCH, PUT, DELETE; each try) by route, e.g. POST /repos/{owner}/{repo}/deployments',
      labelNames: ['route'] as const,
      registers: [registry],
    }),
    githubWriteWait: new Histogram({
      name: 'chatops_github_write_wait_seconds',
      help: 'Time a GitHub write waited for its slot in the write budget shared by every process',
      buckets: [0.001, 0.01, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers: [registry],
    }),
  };
}

/** The metrics added for operators (issue 6): API errors, deployments, health-check state. */
function createDeploymentMetrics(registry: Registry) {
  return {
    externalErrors: new Counter({
      name: 'chatops_external_api_errors_total',
      help: 'Failed calls to Slack, GitHub and the CI, by API and HTTP status ("none" for network errors)',
      labelNames: ['api', 'status'] as const,
      registers: [registry],
    }),
    deployments: new Counter({
      name: 'chatops_deployments_total',
      help: 'Finished deployments by app, environment and outcome (success, failure, error)',
      labelNames: ['app', 'environment', 'outcome'] as const,
      registers: [registry],
    }),
    deploymentDuration: new Histogram({
      name: 'chatops_deployment_duration_seconds',
      help: 'Time from the CI trigger to the final status, by app, environment and outcome',
      labelNames: ['app', 'environment', 'outcome'] as const,
      buckets: [5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600],
      registers: [registry],
    }),
    healthCheckState: new Gauge({
      name: 'chatops_health_check_up',
      help: 'Last health-check verdict of an environment: 1 healthy, 0 unhealthy',
      labelNames: ['app', 'environment'] as const,
      registers: [registry],
    }),
  };
}

/** Queue depth by state, read with Queue.getJobCounts: call it before a scrape. */
export async function collectQueueDepth(
  metrics: Metrics,
  queues: ReadonlyArray<{
    name: string;
    getJobCounts(...states: Array<'waiting' | 'active' | 'delayed' | 'failed'>): Promise<Record<string, number>>;
  }>,
): Promise<void> {
  for (const queue of queues) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
    for (const [state, n] of Object.entries(counts)) metrics.queueDepth.set({ queue: queue.name, state }, n);
  }
}

/** `GET /metrics` in Prometheus text format, and request durations recorded by route and status. */
export function registerMetricsRoute(app: FastifyInstance, metrics: Metrics, beforeScrape?: () => Promise<void>): void {
  // A callback hook: no promise per request.
  app.addHook('onResponse', (request, reply, done) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  app.get('/metrics', async (_request, reply) => {
    if (beforeScrape) await beforeScrape().catch(() => undefined);
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
