import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { formatZodIssues } from '@chatops/shared/contracts';
import type { DashboardView } from '../dashboard/dashboard-view.js';
import type { HistoryQuery } from '../dashboard/history-query.js';
import { historyQuerySchema } from '../dashboard/history-query.js';
import type { DeploymentDetail } from '../dashboard/read-deployment.js';
import { renderDashboard } from '../dashboard/render-dashboard.js';
import { renderDeployment } from '../dashboard/render-deployment.js';
import { type HistoryView, renderHistory } from '../dashboard/render-history.js';
import { PARTIAL_HEADER } from '../dashboard/live-script.js';
import { pagePolicy, renderPage } from '../dashboard/render-layout.js';

export type DashboardPages = {
  /** Reads the overview (Redis only: no call to GitHub or the CI). */
  dashboard: () => Promise<DashboardView>;
  /** The DORA section, rendered (cached briefly: it is the costly part of the page). */
  dora: () => Promise<string>;
  history: (query: HistoryQuery, problem: string | null) => Promise<HistoryView>;
  /** A deployment's page (Redis, and GitHub with a short timeout). */
  deployment: (id: number) => Promise<DeploymentDetail | null>;
  refreshS: number;
  now: () => number;
};

const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

function send(reply: FastifyReply, status: number, title: string, body: string, opts: DashboardPages) {
  const nonce = randomBytes(16).toString('base64');
  const partial = reply.request.headers[PARTIAL_HEADER] === '1';
  const html = renderPage({ title, nonce, refreshS: opts.refreshS, body, generatedAt: opts.now(), partial });
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', pagePolicy(nonce))
    .header('vary', PARTIAL_HEADER)
    .send(html);
}

/** GET /dashboard, /dashboard/history and /dashboard/deployments/:id (in the admin scope: basic auth). */
export async function dashboardPagesRoute(app: FastifyInstance, opts: DashboardPages): Promise<void> {
  app.get('/dashboard', async (_request, reply) => {
    const [view, charts] = await Promise.all([opts.dashboard(), opts.dora()]);
    return send(reply, 200, 'chatops deployments', renderDashboard(view, charts), opts);
  });

  app.get('/dashboard/history', async (request, reply) => {
    const parsed = historyQuerySchema.safeParse(request.query);
    const query = parsed.success ? parsed.data : historyQuerySchema.parse({});
    const problem = parsed.success ? null : `These filters are not valid: ${formatZodIssues(parsed.error).join('; ')}`;
    const view = await opts.history(query, problem);
    return send(reply, parsed.success ? 200 : 400, 'chatops deployments: history', renderHistory(view), opts);
  });

  app.get('/dashboard/deployments/:id', async (request, reply) => {
    const params = idParams.safeParse(request.params);
    const detail = params.success ? await opts.deployment(params.data.id) : null;
    if (!detail)
      return send(reply, 404, 'chatops deployments: not found', '<p>chatops knows no such deployment.</p>', opts);
    return send(reply, 200, `chatops deployment #${detail.id}`, renderDeployment(detail), opts);
  });
}
