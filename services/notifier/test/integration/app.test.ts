import { afterEach, describe, expect, it } from '@jest/globals';
import { HTTP_TIMEOUTS } from '@chatops/shared/runtime';
import { startNotifier, type Notifier } from '../helpers/start-notifier.js';

let n: Notifier | undefined;
afterEach(async () => {
  await n?.close();
  n = undefined;
});

// Through a real socket on port 0: app.inject() cannot load under this jest setup (light-my-request
// requires the ESM-only cookie@2, which jest's CommonJS loader refuses on Node 20).
async function get(path: string): Promise<{ status: number; body: string }> {
  const address = n!.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.text() };
}

describe("the notifier's HTTP app", () => {
  it('answers /healthz, /readyz and /metrics', async () => {
    n = await startNotifier();
    await n.app.listen({ port: 0, host: '127.0.0.1' });
    expect(await get('/healthz')).toEqual({ status: 200, body: '{"status":"ok"}' });
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: 'ready', checks: { redis: true, workers: true } });
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('chatops_queue_jobs{queue="health-checks",state="waiting",service="notifier"} 0');
  });

  it('cuts off a request that takes too long to arrive, and an idle connection', async () => {
    n = await startNotifier();
    await n.app.listen({ port: 0, host: '127.0.0.1' });
    expect(n.app.server.requestTimeout).toBe(HTTP_TIMEOUTS.requestTimeoutMs);
    expect(n.app.server.timeout).toBe(HTTP_TIMEOUTS.connectionTimeoutMs);
    expect(n.app.server.keepAliveTimeout).toBe(HTTP_TIMEOUTS.keepAliveTimeoutMs);
  });

  it('says it is not ready once its workers have stopped', async () => {
    n = await startNotifier();
    await n.app.listen({ port: 0, host: '127.0.0.1' });
    await Promise.all(n.service.workers.map((w) => w.close()));
    const ready = await get('/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual({ status: 'unavailable', checks: { redis: true, workers: false } });
  });
});
