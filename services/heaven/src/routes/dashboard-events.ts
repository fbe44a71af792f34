import type { FastifyInstance } from 'fastify';
import type { EventHub } from '../dashboard/event-hub.js';

/** How long a browser waits before it reconnects a dropped stream (the SSE `retry:` field). */
const RECONNECT_MS = 5000;

/**
 * GET /dashboard/events: a server-sent event stream (behind the admin credentials of its scope) of
 * `deployment` events, one per change any heaven replica published, with a heartbeat comment. 503
 * when the hub holds its maximum of streams or Redis does not answer; every stream is ended when
 * heaven closes (preClose), so an open page never holds the shutdown up.
 */
export async function dashboardEventsRoute(app: FastifyInstance, opts: { hub: EventHub }): Promise<void> {
  const { hub } = opts;
  app.addHook('preClose', async () => hub.close());
  // No HEAD route: a HEAD would hold a stream's place with nothing to read.
  app.get('/dashboard/events', { exposeHeadRoute: false }, async (request, reply) => {
    try {
      await hub.ready();
    } catch (e) {
      request.log.warn({ err: e }, 'the dashboard events could not subscribe');
      return reply.code(503).header('retry-after', '5').send({ error: 'live updates are not available now' });
    }
    const raw = reply.raw;
    const client = { write: (chunk: string) => void raw.write(chunk), end: () => raw.end() };
    const leave = hub.add(client);
    if (!leave)
      return reply
        .code(503)
        .header('retry-after', '30')
        .send({ error: 'too many live dashboards open; try again later' });
    reply.hijack();
    // A stream is quiet between events: the server's idle timeout (15 s) must not cut it (heartbeats
    // keep proxies from doing so; the hub's bound keeps the count of open streams).
    request.raw.socket.setTimeout(0);
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    raw.write(`retry: ${RECONNECT_MS}\n: connected\n\n`);
    raw.on('close', leave);
  });
}
