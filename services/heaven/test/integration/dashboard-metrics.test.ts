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
      expect(await res.json()).toEqual({ error: '[heaven] admin credentials required' });
    }
    expect((await fetch(`${h.url}/admin/queues`)).status).toBe(401);
    const auth = { authorization: basic(ADMIN.HEAVEN_ADMIN_USER, ADMIN.HEAVEN_ADMIN_PASSWORD) };
    const page = await fetch(`${h.url}/dashboard`, { headers: auth });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<meta http-equiv="refresh" content="10">');
  });

  it('shows finished deployments in the history, escaped', async () => {
    h = await startHarness({ env: ADMIN });
    h.github.push('acme/api', 'feat/<b>x</b>');
    const id = await h.deploy({ environment: 'staging', ref: 'feat/<b>x</b>', requester: 'U0<script>' });
    await h.waitForState(id, 'success');
    const auth = { authorization: basic(ADMIN.HEAVEN_ADMIN_USER, ADMIN.HEAVEN_ADMIN_PASSWORD) };
    const html = await (await fetch(`${h.url}/dashboard`, { headers: auth })).text();
    expect(html).toContain(`<tr><td>#${id}</td>`);
    expect(html).toContain('feat/&lt;b&gt;x&lt;/b&gt;');
    expect(html).not.toContain('<b>x</b>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<td class="success">success</td>');
  });
});
