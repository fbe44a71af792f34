import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { DeploymentRecordStore } from '@chatops/shared/contracts';
import type { EventHub } from '../dashboard/event-hub.js';
import type { LoginLimiter } from '../ports.js';
import { basicAuthHook, type AdminCredentials } from './basic-auth.js';
import { deploymentsExportRoute } from './deployments-export.js';
import { dashboardEventsRoute } from './dashboard-events.js';
import { dashboardPagesRoute, type DashboardPages } from './dashboard-pages.js';
import { readOnlyBoardHook, registerQueueBoard } from './queue-board.js';

export type AdminOptions = {
  credentials: AdminCredentials;
  /** Failed logins per client address (10 a minute, then 429 until the minute is over). */
  limiter: LoginLimiter;
  /** The dashboard's pages. */
  pages: DashboardPages;
  /** The live updates' streams (GET /dashboard/events). */
  events: EventHub;
  queues: Queue[];
  /** HEAVEN_QUEUE_BOARD_WRITES: the board may change the queues; read-only otherwise. */
  boardWrites: boolean;
  /** The deployment records: GET /api/deployments (JSON, CSV). */
  records?: Pick<DeploymentRecordStore, 'page'>;
};

/**
 * The dashboard (/dashboard, its history, deployment pages and live events) and the BullMQ board at
 * /admin/queues, all behind basic auth (an encapsulated scope).
 */
export async function adminRoutes(app: FastifyInstance, opts: AdminOptions): Promise<void> {
  app.addHook('onRequest', basicAuthHook(opts.credentials, opts.limiter));
  if (!opts.boardWrites) app.addHook('onRequest', readOnlyBoardHook);
  await app.register(dashboardPagesRoute, opts.pages);
  await app.register(dashboardEventsRoute, { hub: opts.events });
  if (opts.records) await app.register(deploymentsExportRoute, { records: opts.records });
  await registerQueueBoard(app, opts.queues, { readOnly: !opts.boardWrites });
}
