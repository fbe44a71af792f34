import type { FastifyInstance } from 'fastify';

export type ReadinessChecks = Record<string, () => Promise<boolean> | boolean>;

/**
 * `GET /healthz`: 200 while the process runs. `GET /readyz`: 200 only when every check passes
 * (Redis answers, the workers run), else 503 with the failing checks named.
 */
export function registerHealthRoutes(app: FastifyInstance, checks: ReadinessChecks): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const results: Record<string, boolean> = {};
    await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          results[name] = await check();
        } catch {
          results[name] = false;
        }
      }),
    );
    const ready = Object.values(results).every(Boolean);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks: results });
  });
}
