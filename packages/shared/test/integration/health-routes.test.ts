import { afterEach, describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import { createMetrics, registerHealthRoutes, registerMetricsRoute } from '@chatops/shared/runtime';

describe('health and metrics routes', () => {
  let app: FastifyInstance;
  afterEach(async () => app.close());

  it('answers /healthz 200 and /readyz 200 when every check passes', async () => {
    app = Fastify();
    registerHealthRoutes(app, { redis: async () => true, workers: () => true });
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { redis: true, workers: true } });
  });

  it('answers /readyz 503 naming the failing check, also when a check throws', async () => {
    app = Fastify();
    registerHealthRoutes(app, {
      redis: async () => {
        throw new Error('down');
      },
      workers: () => true,
    });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable', checks: { redis: false, workers: true } });
  });

  it('serves Prometheus metrics with request durations by route and status', async () => {
    app = Fastify();
    const metrics = createMetrics('test', { defaults: false });
    registerMetricsRoute(app, metrics);
    registerHealthRoutes(app, {});
    await app.inject({ url: '/healthz' });
    const res = await app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(
      /chatops_http_request_duration_seconds_count\{service="test",method="GET",route="\/healthz",status="200"\} 1/,
    );
  });
});
