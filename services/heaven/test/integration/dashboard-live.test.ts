import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createDeploymentRecordStore, createLogger, parseAppsConfig, type Service } from '@chatops/shared/runtime';
import { deleteKeysWithPrefix, deploymentRecordBase, REDIS_URL, testPrefix, waitFor } from '@chatops/testkit';
import { createDashboardEvents, dashboardChannel } from '../../src/dashboard/dashboard-events.js';
import { createEventHub, type EventHub } from '../../src/dashboard/event-hub.js';
import { createHeaven } from '../../src/create-heaven.js';
import { BASE_CONFIG, heavenEnv, startHarness, type Harness } from '../helpers/harness.js';

const ADMIN = { HEAVEN_ADMIN_USER: 'ops', HEAVEN_ADMIN_PASSWORD: 'correct-horse-battery' };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const AUTH = { authorization: basic(ADMIN.HEAVEN_ADMIN_USER, ADMIN.HEAVEN_ADMIN_PASSWORD) };

/** Reads an event stream as text as it comes. */
function streamReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let done = false;
  void (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    done = true;
  })();
  return { text: () => text, done: () => done, cancel: () => reader.cancel().catch(() => undefined) };
}

describe('heaven dashboard: pages, refusals and live events', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('refuses every dashboard page and the event stream without admin credentials (401, exact answer)', async () => {
    h = await startHarness({ env: ADMIN });
    for (const url of ['/dashboard', '/dashboard/history?app=api', '/dashboard/deployments/1', '/dashboard/events']) {
      for (const headers of [{}, { authorization: basic('ops', 'wrong-password') }, { authorization: 'Bearer x' }]) {
        const res = await h.heaven.app.inject({ method: 'GET', url, headers });
        expect({ url, status: res.statusCode, body: res.json() }).toEqual({
          url,
          status: 401,
          body: { error: 'admin credentials required' },
        });
        expect(res.headers['www-authenticate']).toBe('Basic realm="chatops heaven", charset="UTF-8"');
      }
    }
  });

  it('escapes a hostile ref in the overview, the history and the deployment page (with its statuses)', async () => {
    h = await startHarness({ env: ADMIN });
    const ref = 'feat/<img src=x onerror=alert(1)>';
    h.github.push('acme/api', ref);
    const id = await h.deploy({ environment: 'staging', ref, requester: 'U0<script>' });
    await h.waitForState(id, 'success');
    const escaped = 'feat/&lt;img src=x onerror=alert(1)&gt;';
    const get = (url: string) => h!.heaven.app.inject({ method: 'GET', url, headers: AUTH });
    await waitFor(async () => (await get('/dashboard/history')).body.includes(`data-id="${id}"`) || null, 'the record');
    for (const url of [
      '/dashboard',
      '/dashboard/history?app=api&environment=staging',
      `/dashboard/deployments/${id}`,
    ]) {
      const res = await get(url);
      expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
      expect(res.body).toContain(escaped);
      expect(res.body).not.toContain('<img');
      expect(res.body).not.toContain('<script>');
      const csp = String(res.headers['content-security-policy']);
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce).toBeDefined();
      expect(res.body).toContain(`<script nonce="${nonce}">`);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    const page = (await get(`/dashboard/deployments/${id}`)).body;
    expect(page).toContain('<li data-step="finished"><strong>finished</strong>: <time');
    expect(page).toContain('<td class="success">success</td>');
    expect(page).toContain('<td class="in_progress">in_progress</td>');
    expect((await get('/dashboard/deployments/999999999')).statusCode).toBe(404);
    const bad = await get('/dashboard/history?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('These filters are not valid: from: expected a date as YYYY-MM-DD');
  });

  it('pages the history 25 at a time, keeping the filters in the links', async () => {
    h = await startHarness({ env: ADMIN });
    const records = createDeploymentRecordStore(h.redis, h.prefix);
    const start = Date.parse('2026-11-20T10:00:00Z');
    for (let i = 0; i < 30; i++) {
      await records.record(
        deploymentRecordBase(100 + i, {
          requester: i % 2 ? 'bob' : 'alice',
          requested_at: new Date(start + i * 3600_000).toISOString(),
        }),
        { state: 'success', at: new Date(start + i * 3600_000 + 60_000).toISOString() },
      );
    }
    const ids = (html: string) => [...html.matchAll(/<tr data-id="(\d+)">/g)].map((m) => Number(m[1]));
    const get = (url: string) => h!.heaven.app.inject({ method: 'GET', url, headers: AUTH });
    const first = await get('/dashboard/history?app=api');
    expect(ids(first.body)).toEqual(Array.from({ length: 25 }, (_, i) => 129 - i));
    expect(first.body).toContain('30 deployments (of the newest 30 looked at); page 1 of 2');
    expect(first.body).toContain('<a rel="next" href="/dashboard/history?app=api&amp;page=2">next</a>');
    const second = await get('/dashboard/history?app=api&page=2');
    expect(ids(second.body)).toEqual([104, 103, 102, 101, 100]);
    expect(second.body).toContain('<a rel="prev" href="/dashboard/history?app=api">previous</a>');
    const bobs = await get('/dashboard/history?person=bob&from=2026-11-20&to=2026-11-20');
    expect(ids(bobs.body)).toEqual([113, 111, 109, 107, 105, 103, 101]);
  });

  it('streams the changes of a real deployment as server-sent events; heaven closes with a stream open', async () => {
    h = await startHarness({ env: ADMIN });
    const res = await fetch(`${h.url}/dashboard/events`, { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const stream = streamReader(res.body!);
    await waitFor(() => stream.text().startsWith('retry: 5000\n: connected\n\n') || null, 'the stream to open');
    // Something that is not an event, on the channel: ignored.
    await h.redis.publish(dashboardChannel(h.prefix), '{"id":"x"}');
    const id = await h.deploy({ environment: 'staging' });
    const frame = `event: deployment\ndata: {"id":${id},"line":"acme/api:staging","state":"success"}\n\n`;
    await waitFor(() => stream.text().includes(frame) || null, 'the success event');
    expect(stream.text()).toContain(
      `event: deployment\ndata: {"id":${id},"line":"acme/api:staging","state":"in_progress"}\n\n`,
    );
    expect(stream.text()).not.toContain('"x"');
    const frames = stream.text().split('\n\n').filter(Boolean);
    for (const f of frames.slice(1)) expect(f).toMatch(/^event: deployment\ndata: \{[^\n]*\}$/);
    await h.close();
    h = undefined;
    await waitFor(() => stream.done() || null, 'the stream to end when heaven closes');
  });
});

describe('the event stream route', () => {
  let h: Harness | undefined;
  const streams: Array<ReturnType<typeof streamReader>> = [];
  afterEach(async () => {
    for (const s of streams.splice(0)) await s.cancel();
    await h?.close();
    h = undefined;
  });

  it('serves at most 50 streams a replica (503 and Retry-After beyond), freed when a page leaves', async () => {
    h = await startHarness({ env: ADMIN });
    const open = async () => {
      const res = await fetch(`${h!.url}/dashboard/events`, { headers: AUTH });
      if (res.status !== 200) return res;
      const stream = streamReader(res.body!);
      streams.push(stream);
      await waitFor(() => stream.text().startsWith('retry: 5000') || null, 'a stream to open');
      return res;
    };
    for (let i = 0; i < 50; i++) expect((await open()).status).toBe(200);
    const refused = await open();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(await refused.json()).toEqual({ error: 'too many live dashboards open; try again later' });
    expect((await h.heaven.app.inject({ method: 'HEAD', url: '/dashboard/events', headers: AUTH })).statusCode).toBe(
      404,
    );
    await streams.shift()!.cancel();
    await waitFor(async () => {
      const res = await open();
      return res.status === 200 || null;
    }, 'a place to free up');
  });
});

describe('a quiet stream', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("outlives the server's idle-connection timeout", async () => {
    // Connections idle for 200 ms are closed; the deployment below takes at least 600 ms.
    h = await startHarness({ env: ADMIN, overrides: { httpTimeouts: { connectionTimeoutMs: 200 } } });
    h.circle.options.plan = () => ({ workflows: [{ name: 'deploy', status: 'success', durationMs: 600 }] });
    const res = await fetch(`${h.url}/dashboard/events`, { headers: AUTH });
    const stream = streamReader(res.body!);
    await waitFor(() => stream.text().startsWith('retry: 5000') || null, 'the stream to open');
    const id = await h.deploy({ environment: 'staging' });
    const frame = `event: deployment\ndata: {"id":${id},"line":"acme/api:staging","state":"success"}\n\n`;
    await waitFor(() => stream.text().includes(frame) || stream.done() || null, 'the success event or the end');
    expect(stream.done()).toBe(false);
    expect(stream.text()).toContain(frame);
    await stream.cancel();
  });
});

describe('live events across replicas', () => {
  let h: Harness | undefined;
  let viewer: Service | undefined;
  afterEach(async () => {
    await viewer?.close();
    await h?.close();
    viewer = h = undefined;
  });

  it('streams from a heaven that did not run the deployment (same Redis prefix, its workers idle)', async () => {
    h = await startHarness({ env: ADMIN });
    // A second replica that only serves pages: its workers never take a job, so h runs the deployment.
    viewer = createHeaven({
      env: heavenEnv(h, ADMIN),
      apps: parseAppsConfig(BASE_CONFIG),
      logger: createLogger({ name: 'heaven-viewer', level: 'silent' }),
      overrides: { metricsDefaults: false, autorun: false },
    });
    await viewer.ready();
    const viewerUrl = await viewer.app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${viewerUrl}/dashboard/events`, { headers: AUTH });
    const stream = streamReader(res.body!);
    await waitFor(() => stream.text().startsWith('retry: 5000\n: connected\n\n') || null, 'the stream to open');
    const id = await h.deploy({ environment: 'staging' });
    const frame = `event: deployment\ndata: {"id":${id},"line":"acme/api:staging","state":"success"}\n\n`;
    await waitFor(() => stream.text().includes(frame) || null, "the other replica's success event");
    expect(viewer.workers.every((w) => !w.isRunning())).toBe(true);
    await stream.cancel();
  });
});

describe('the event hub', () => {
  let hub: EventHub | undefined;
  const prefix = testPrefix('hub');
  const redis = new Redis(REDIS_URL);
  afterEach(async () => {
    await hub?.close();
    hub = undefined;
  });
  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  it('holds at most maxClients streams, fans events out to each, beats, and ends them all on close', async () => {
    hub = createEventHub({
      subscriber: () => new Redis(REDIS_URL),
      channel: dashboardChannel(prefix),
      maxClients: 2,
      heartbeatMs: 20,
      log: createLogger({ name: 'test', level: 'silent' }),
    });
    await hub.ready();
    const seen: string[][] = [[], [], []];
    const ended: boolean[] = [false, false, false];
    const client = (i: number) => ({
      write: (s: string) => void seen[i]!.push(s),
      end: () => {
        ended[i] = true;
      },
    });
    const leave0 = hub.add(client(0));
    expect(hub.add(client(1))).not.toBeNull();
    expect(hub.add(client(2))).toBeNull();
    expect(hub.size()).toBe(2);
    await createDashboardEvents(redis, prefix).publish({ id: 7, line: 'acme/api:production', state: 'failure' });
    const frame = 'event: deployment\ndata: {"id":7,"line":"acme/api:production","state":"failure"}\n\n';
    await waitFor(() => (seen[0]!.includes(frame) && seen[1]!.includes(frame)) || null, 'the event at both');
    await waitFor(() => seen[1]!.includes(': heartbeat\n\n') || null, 'a heartbeat');
    leave0!();
    expect(hub.size()).toBe(1);
    await hub.close();
    expect(ended).toEqual([false, true, false]);
    expect(hub.add(client(2))).toBeNull();
    await expect(hub.ready()).rejects.toThrow('the dashboard is closing');
  });
});
