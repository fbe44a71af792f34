import { connect } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createHttpApp, HTTP_TIMEOUTS, type HttpApp } from '@chatops/shared/runtime';
import { arrayLogger } from '../helpers/array-logger.js';

let app: HttpApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** An app with one route, `POST /echo`, listening on 127.0.0.1:<port>; `handled` counts the route's runs. */
async function listening(timeouts: Partial<typeof HTTP_TIMEOUTS>) {
  const state = { handled: 0 };
  app = createHttpApp({ logger: arrayLogger().logger, timeouts });
  app.post('/echo', async (req) => {
    state.handled += 1;
    return { got: req.body };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return { port: address.port, state };
}

describe('createHttpApp', () => {
  it('has the default timeouts: 10 s for a request to arrive, 15 s idle, 5 s keep-alive', () => {
    expect(HTTP_TIMEOUTS).toEqual({ requestTimeoutMs: 10_000, connectionTimeoutMs: 15_000, keepAliveTimeoutMs: 5_000 });
    app = createHttpApp({ logger: arrayLogger().logger });
    expect(app.server.requestTimeout).toBe(10_000);
    expect(app.server.headersTimeout).toBe(10_000);
    expect(app.server.keepAliveTimeout).toBe(5_000);
  });

  it('answers a normal request', async () => {
    const { port, state } = await listening({ requestTimeoutMs: 1000 });
    const res = await fetch(`http://127.0.0.1:${port}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 1 }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: { a: 1 } });
    expect(state.handled).toBe(1);
  });

  it('cuts off a request whose body trickles in (a byte every 300 ms) when requestTimeoutMs passes', async () => {
    const { port, state } = await listening({ requestTimeoutMs: 1000 });
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const started = performance.now();
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(performance.now() - started)));
    socket.on('error', () => undefined);
    socket.write(
      'POST /echo HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{',
    );
    const trickle = setInterval(() => {
      if (!socket.destroyed) socket.write(' ');
    }, 300);
    const elapsed = await closed;
    clearInterval(trickle);
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(2500);
    expect(Buffer.concat(received).toString('latin1')).toMatch(/^HTTP\/1\.1 408 /);
    expect(state.handled).toBe(0);
  });
});
