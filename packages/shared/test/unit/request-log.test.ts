import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import {
  createLogger,
  createMetrics,
  genRequestId,
  registerMetricsRoute,
  RequestLogController,
  requestLogLevel,
} from '@chatops/shared/runtime';

type Line = Record<string, unknown>;

/** A Fastify app logging into memory through RequestLogController, with routes answering 202, 401, 500 and slowly. */
async function appWith(level: string, options: ConstructorParameters<typeof RequestLogController>[0] = {}) {
  const lines: Line[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Line);
      cb();
    },
  });
  const app = Fastify({
    loggerInstance: createLogger({ name: 'test', level, destination }),
    genReqId: genRequestId,
    logController: new RequestLogController(options),
  });
  app.post('/hook', async (request, reply) => {
    request.log.info('hook queued');
    return reply.code(202).send({ ok: true });
  });
  app.post('/refused', async (_request, reply) => reply.code(401).send({ error: 'no' }));
  app.post('/broken', async (_request, reply) => reply.code(503).send({ error: 'down' }));
  app.post('/slow', async (_request, reply) => {
    await new Promise((r) => setTimeout(r, 30));
    return reply.code(200).send({ ok: true });
  });
  await app.ready();
  const post = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, headers: { 'x-request-id': 'req-1', ...headers }, payload: {} });
  return { app, lines, post };
}

describe('RequestLogController: one line per request', () => {
  it('writes no line of its own at info for a quick 2xx: the handler line is the only one', async () => {
    const { app, lines, post } = await appWith('info');
    expect((await post('/hook')).statusCode).toBe(202);
    expect(lines.map((l) => l.msg)).toEqual(['hook queued']);
    expect(lines[0]).toMatchObject({ reqId: 'req-1' });
    await app.close();
  });

  it('writes "request completed" at debug for a quick 2xx when debug is on, and never "incoming request"', async () => {
    const { app, lines, post } = await appWith('debug');
    await post('/hook');
    expect(lines.map((l) => l.msg)).toEqual(['hook queued', 'request completed']);
    expect(lines[1]).toMatchObject({ level: 20, reqId: 'req-1', method: 'POST', url: '/hook', statusCode: 202 });
    expect(typeof lines[1]!.responseTime).toBe('number');
    await app.close();
  });

  it('writes a 4xx at info with the request id and the named headers, a 5xx at warn', async () => {
    const { app, lines, post } = await appWith('info', { headers: { 'x-github-delivery': 'deliveryId' } });
    await post('/refused', { 'x-github-delivery': 'abc-123' });
    await post('/broken');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      reqId: 'req-1',
      statusCode: 401,
      url: '/refused',
      deliveryId: 'abc-123',
    });
    expect(lines[1]).toMatchObject({ level: 40, msg: 'request completed', statusCode: 503 });
    expect(lines[1]).not.toHaveProperty('deliveryId');
    await app.close();
  });

  it('writes a slow 2xx and every request of an info route at info', async () => {
    const slow = await appWith('info', { slowMs: 10 });
    await slow.post('/slow');
    expect(slow.lines).toEqual([
      expect.objectContaining({ level: 30, msg: 'request completed', url: '/slow', statusCode: 200 }),
    ]);
    await slow.app.close();
    const loud = await appWith('info', { infoRoutes: ['/hook'] });
    await loud.post('/hook');
    expect(loud.lines.map((l) => [l.level, l.msg])).toEqual([
      [30, 'hook queued'],
      [30, 'request completed'],
    ]);
    await loud.app.close();
  });

  it.each([
    [200, 5, false, 'debug'],
    [302, 5, false, 'debug'],
    [200, 5, true, 'info'],
    [200, 1000, false, 'info'],
    [404, 1, false, 'info'],
    [500, 1, false, 'warn'],
    [503, 1, true, 'warn'],
  ] as const)('requestLogLevel(%d, %d ms, info route %s) = %s', (status, ms, loud, level) => {
    expect(requestLogLevel(status, ms, 1000, loud)).toBe(level);
  });
});

describe('registerMetricsRoute', () => {
  it('records every answered request by method, route and status', async () => {
    const metrics = createMetrics('test', { defaults: false });
    const app = Fastify();
    registerMetricsRoute(app, metrics);
    app.post('/hook', async (_request, reply) => reply.code(202).send({}));
    await app.inject({ method: 'POST', url: '/hook', payload: {} });
    await app.inject({ method: 'POST', url: '/hook', payload: {} });
    const text = await (await app.inject({ url: '/metrics' })).body;
    expect(text).toContain(
      'chatops_http_request_duration_seconds_count{service="test",method="POST",route="/hook",status="202"} 2',
    );
    await app.close();
  });
});
