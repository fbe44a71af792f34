import { afterEach, describe, expect, it } from '@jest/globals';
import { prometheusSample as sample, waitFor } from '@chatops/testkit';
import { startHarness, type Harness } from '../helpers/harness.js';

const ADMIN = { HEAVEN_ADMIN_USER: 'ops', HEAVEN_ADMIN_PASSWORD: 'correct-horse-battery' };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('heaven: metrics, dashboard and queue board', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it(
    'scrapes deployments by app, environment and outcome, their duration, API ' +
      'calls, jobs and queue depth after a real deployment',
    async () => {
      h = await startHarness();
      const id = await h.deploy({ environment: 'staging' });
      await h.waitForState(id, 'success');
      const text = await (await fetch(`${h.url}/metrics`)).text();
      expect(
        sample(text, 'chatops_deployments_total', { app: 'api', environment: 'staging', outcome: 'success' }),
      ).toBe(1);
      expect(
        sample(text, 'chatops_deployment_duration_seconds_count', {
          app: 'api',
          environment: 'staging',
          outcome: 'success',
        }),
      ).toBe(1);
      expect(
        sample(text, 'chatops_external_api_call_duration_seconds_count', { api: 'github', outcome: 'ok' }),
      ).toBeGreaterThanOrEqual(2);
      expect(
        sample(text, 'chatops_external_api_call_duration_seconds_count', { api: 'circleci', outcome: 'ok' }),
      ).toBeGreaterThanOrEqual(2);
      const scrape = async () => (await fetch(`${h!.url}/metrics`)).text();
      await waitFor(
        async () =>
          sample(await scrape(), 'chatops_jobs_total', { queue: 'deployments', outcome: 'completed' }) === 1 || null,
        'the deployment job to complete',
      );
      // Each look at a running CI re-runs the job later (RunAgainLater): that is neither a failure nor a retry.
      expect(sample(text, 'chatops_jobs_total', { queue: 'deployments', outcome: 'failed' })).toBeUndefined();
      expect(sample(text, 'chatops_jobs_total', { queue: 'deployments', outcome: 'retried' })).toBeUndefined();
      expect(sample(text, 'chatops_queue_jobs', { queue: 'deployments', state: 'waiting' })).toBe(0);
      expect(sample(text, 'chatops_queue_jobs', { queue: 'notifications', state: 'waiting' })).toBeGreaterThanOrEqual(
        1,
      );
      expect(
        sample(text, 'chatops_http_request_duration_seconds_count', { route: '/webhooks/github', status: '202' }),
      ).toBeGreaterThanOrEqual(1);
    },
  );

  it('counts a failing CI call as an external API error with its status', async () => {
    h = await startHarness();
    h.circle.failNext('POST', /\/pipeline$/, { status: 403, body: { message: 'Permission denied' } }, 1);
    const id = await h.deploy({ environment: 'staging' });
    await h.waitForState(id, 'error');
    const text = await (await fetch(`${h.url}/metrics`)).text();
    expect(sample(text, 'chatops_external_api_errors_total', { api: 'circleci', status: '403' })).toBe(1);
    expect(sample(text, 'chatops_deployments_total', { app: 'api', environment: 'staging', outcome: 'error' })).toBe(1);
  });

  it('does not mount /dashboard nor /admin/queues without admin credentials', async () => {
    h = await startHarness();
    const dashboard = await fetch(`${h.url}/dashboard`, { headers: { authorization: basic('ops', 'x') } });
    expect(dashboard.status).toBe(404);
    expect((await fetch(`${h.url}/admin/queues`)).status).toBe(404);
  });

  it('refuses the dashboard and the board without the right credentials, and serves them with', async () => {
    h = await startHarness({ env: ADMIN });
    for (const authorization of [
      undefined,
      basic('ops', 'wrong-password'),
      basic('admin', ADMIN.HEAVEN_ADMIN_PASSWORD),
      'Bearer x',
    ]) {
      const res = await fetch(`${h.url}/dashboard`, { headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="chatops heaven", charset="UTF-8"');
      expect(await res.json()).toEqual({ error: 'admin credentials required' });
    }
    expect((await fetch(`${h.url}/admin/queues`)).status).toBe(401);
    const auth = { authorization: basic(ADMIN.HEAVEN_ADMIN_USER, ADMIN.HEAVEN_ADMIN_PASSWORD) };
    const page = await fetch(`${h.url}/dashboard`, { headers: auth });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<meta http-equiv="refresh" content="10">');
  });

  it('refuses an address after 10 failed logins a minute (429, Retry-After), the right password too', async () => {
    h = await startHarness({ env: ADMIN });
    const wrong = { authorization: basic('ops', 'wrong-password') };
    const right = { authorization: basic(ADMIN.HEAVEN_ADMIN_USER, ADMIN.HEAVEN_ADMIN_PASSWORD) };
    // A visit without credentials is the browser's first request, not a failed login.
    for (let i = 0; i < 3; i++) expect((await fetch(`${h.url}/dashboard`)).status).toBe(401);
    const failures = [];
    for (let i = 0; i < 10; i++) failures.push((await fetch(`${h.url}/dashboard`, { headers: wrong })).status);
    expect(failures).toEqual(Array(10).fill(401));
    for (const headers of [wrong, right]) {
      const res = await fetch(`${h.url}/admin/queues`, { headers });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(await res.json()).toEqual({
        error: `too many failed logins from this address; try again in ${res.headers.get('retry-after')} s`,
      });
    }
    // The window over, the right credentials are let in again.
    await h.redis.del(`${h.prefix}:heaven:login-failures:127.0.0.1`);
    expect((await fetch(`${h.url}/dashboard`, { headers: right })).status).toBe(200);
  });

  it('keeps the queue board read-only unless HEAVEN_QUEUE_BOARD_WRITES=true', async () => {
    const add = (url: string) =>
      fetch(`${url}/admin/queues/api/queues/deployments/add`, {
        method: 'POST',
        headers: {
          authorization: basic(ADMIN.HEAVEN_ADMIN_USER, ADMIN.HEAVEN_ADMIN_PASSWORD),
          'content-type': 'application/json',
        },
        body: JSON.stringify({ name: 'run', data: {} }),
      });
    h = await startHarness({ env: ADMIN });
    const refused = await add(h.url);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: 'the queue board is read-only (HEAVEN_QUEUE_BOARD_WRITES=true allows changes)',
    });
    await h.close();
    h = await startHarness({ env: { ...ADMIN, HEAVEN_QUEUE_BOARD_WRITES: 'true' } });
    // Past the read-only guard: the board adds the job (200), or answers 503 where jest cannot load it.
    expect([200, 503]).toContain((await add(h.url)).status);
  });

  it('shows finished deployments in the history, escaped', async () => {
    h = await startHarness({ env: ADMIN });
    h.github.push('acme/api', 'feat/<b>x</b>');
    const id = await h.deploy({ environment: 'staging', ref: 'feat/<b>x</b>', requester: 'U0<script>' });
    await h.waitForState(id, 'success');
    const auth = { authorization: basic(ADMIN.HEAVEN_ADMIN_USER, ADMIN.HEAVEN_ADMIN_PASSWORD) };
    const html = await (await fetch(`${h.url}/dashboard`, { headers: auth })).text();
    expect(html).toContain(`<tr><td><a href="/dashboard/deployments/${id}">#${id}</a></td>`);
    expect(html).toContain('feat/&lt;b&gt;x&lt;/b&gt;');
    expect(html).not.toContain('<b>x</b>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<td class="success">success</td>');
  });
});
