import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { DashboardView } from '../dashboard/dashboard-view.js';
import { renderDashboard } from '../dashboard/render-dashboard.js';
import { basicAuthHook, type AdminCredentials } from './basic-auth.js';
import { registerQueueBoard } from './queue-board.js';

export type AdminOptions = {
  credentials: AdminCredentials;
  /** Reads the dashboard (Redis only: no call to GitHub or the CI). */
  dashboard: () => Promise<DashboardView>;
  queues: Queue[];
  refreshS?: number;
};

/** GET /dashboard and the BullMQ board at /admin/queues, both behind basic auth (an encapsulated scope). */
export async function adminRoutes(app: FastifyInstance, opts: AdminOptions): Promise<void> {
  app.addHook('onRequest', basicAuthHook(opts.credentials));
  app.get('/dashboard', async (_request, reply) => {
    const html = renderDashboard(await opts.dashboard(), opts.refreshS);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
      .send(html);
  });
  await registerQueueBoard(app, opts.queues);
}
