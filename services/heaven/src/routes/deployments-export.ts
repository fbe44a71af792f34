import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formatZodIssues, type DeploymentRecordStore } from '@chatops/shared/contracts';
import { deploymentsCsv } from '../dora/deployments-csv.js';

const EXPORT_MAX_PER_PAGE = 500;

const querySchema = z.object({
  app: z.string().min(1).max(100).optional(),
  environment: z.string().min(1).max(100).optional(),
  since: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), 'expected a date or time, like 2030-01-31 or 2030-01-31T12:00:00Z')
    .optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  per_page: z.coerce.number().int().min(1).max(EXPORT_MAX_PER_PAGE).default(100),
  format: z.enum(['json', 'csv']).optional(),
});

/**
 * GET /api/deployments: chatops' deployment records, newest first, as JSON (`{ deployments, page,
 * per_page, total }`) or CSV (`?format=csv`, or `Accept: text/csv`), paged by `page` and `per_page`
 * (at most 500) with a Link header (first, prev, next, last) and X-Total-Count; filters `app`,
 * `environment` and `since` (requested at or after). Registered in the admin scope: basic auth.
 */
export async function deploymentsExportRoute(
  app: FastifyInstance,
  opts: { records: Pick<DeploymentRecordStore, 'page'> },
): Promise<void> {
  app.get('/api/deployments', async (request, reply) => {
    const parsed = querySchema.safeParse(request.query);
    if (!parsed.success) return reply.code(400).send({ error: formatZodIssues(parsed.error).join('; ') });
    const q = parsed.data;
    const { records, total } = await opts.records.page({
      app: q.app,
      environment: q.environment,
      sinceMs: q.since ? Date.parse(q.since) : undefined,
      page: q.page,
      perPage: q.per_page,
    });
    const csv = q.format === 'csv' || (!q.format && /\btext\/csv\b/i.test(request.headers.accept ?? ''));
    const lastPage = Math.max(1, Math.ceil(total / q.per_page));
    const link = (page: number, rel: string) => {
      const params = new URLSearchParams();
      for (const key of ['app', 'environment', 'since', 'format'] as const) if (q[key]) params.set(key, q[key]);
      params.set('page', String(page));
      params.set('per_page', String(q.per_page));
      return `</api/deployments?${params.toString()}>; rel="${rel}"`;
    };
    const links = [link(1, 'first')];
    if (q.page > 1) links.push(link(Math.min(q.page - 1, lastPage), 'prev'));
    if (q.page < lastPage) links.push(link(q.page + 1, 'next'));
    links.push(link(lastPage, 'last'));
    void reply
      .header('link', links.join(', '))
      .header('x-total-count', String(total))
      .header('cache-control', 'no-store');
    if (csv) {
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="deployments.csv"')
        .send(deploymentsCsv(records));
    }
    return reply.send({ deployments: records, page: q.page, per_page: q.per_page, total });
  });
}
