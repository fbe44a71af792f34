import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { DeploymentRecordStore } from '@chatops/shared/contracts';
import type { DashboardView } from '../dashboard/dashboard-view.js';
import { renderDashboard } from '../dashboard/render-dashboard.js';
import type { LoginLimiter } from '../ports.js';
import { basicAuthHook, type AdminCredentials } from './basic-auth.js';
import { deploymentsExportRoute } from './deployments-export.js';
import { readOnlyBoardHook, registerQueueBoard } from './queue-board.js';

export type AdminOptions = {
  credentials: AdminCredentials;
  /** Failed logins per client address (10 a minute, then 429 until the minute is over). */
  limiter: LoginLimiter;
  /** Reads the dashboard (Redis only: no call to GitHub or the CI). */
  dashboard: () => Promise<DashboardView>;
  queues: Queue[];
  /** HEAVEN_QUEUE_BOARD_WRITES: the board may change the queues; read-only otherwise. */
  boardWrites: boolean;
  /** The deployment records: GET /api/deployments (JSON, CSV). */
  records?: Pick<DeploymentRecordStore, 'page'>;
  refreshS?: number;
};

/** GET /dashboard and the BullMQ board at /admin/queues, both behind basic auth (an encapsulated scope). */
export async function adminRoutes(app: FastifyInstance, opts: AdminOptions): Promise<void> {
  app.addHook('onRequest', basicAuthHook(opts.credentials, opts.limiter));
  if (!opts.boardWrites) app.addHook('onRequest', readOnlyBoardHook);
  app.get('/dashboard', async (_request, reply) => {
    const html = renderDashboard(await opts.dashboard(), opts.refreshS);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
      .send(html);
  });
  if (opts.records) await app.register(deploymentsExportRoute, { records: opts.records });
  await registerQueueBoard(app, opts.queues, { readOnly: !opts.boardWrites });
}
