import { createReadStream, existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { LOG_ID, logPath } from '../providers/shell-provider.js';

/**
 * GET /logs/<random id>: the output of a shell deployment, behind an unguessable link; plain text
 * that a browser must not take for anything else (nosniff). Deleted after HEAVEN_LOG_RETENTION_DAYS.
 */
export async function logsRoute(app: FastifyInstance, opts: { logDir: string }): Promise<void> {
  app.get<{ Params: { id: string } }>('/logs/:id', async (request, reply) => {
    const { id } = request.params;
    const path = logPath(opts.logDir, id);
    if (!LOG_ID.test(id) || !existsSync(path)) return reply.code(404).send({ error: 'no such log' });
    return reply
      .type('text/plain; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(createReadStream(path));
  });
}
