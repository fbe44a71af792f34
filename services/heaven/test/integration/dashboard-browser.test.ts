/// <reference lib="dom" />
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from '@jest/globals';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createDeploymentRecordStore } from '@chatops/shared/runtime';
import { deploymentRecordBase, type PipelinePlan } from '@chatops/testkit';
import { startHarness, type Harness } from '../helpers/harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ADMIN = { HEAVEN_ADMIN_USER: 'ops', HEAVEN_ADMIN_PASSWORD: 'correct-horse-battery' };
const CREDENTIALS = Buffer.from(`${ADMIN.HEAVEN_ADMIN_USER}:${ADMIN.HEAVEN_ADMIN_PASSWORD}`).toString('base64');
/** DASHBOARD_SCREENSHOTS=1 saves the main views into docs/images (the README shows them). */
const SHOTS =
  process.env.DASHBOARD_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../../../docs/images', import.meta.url)) : null;

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `dashboard-${name}.png`), fullPage });
}

const HOUR = 3600_000;

/** Three weeks of production deployments of api, as heaven would have recorded them (for the charts). */
async function seedHistory(h: Harness): Promise<void> {
  const records = createDeploymentRecordStore(h.redis, h.prefix);
  const now = Date.now();
  for (let i = 0; i < 24; i++) {
    const requested = now - (21 - i * 0.85) * 24 * HOUR;
    const id = 500 + i;
    const at = (ms: number) => new Date(ms).toISOString();
    const base = deploymentRecordBase(id, {
      sha: `${id}`.padEnd(40, 'a'),
      ref: i % 5 === 3 ? `fix/issue-${i}` : 'main',
      requester: ['alice', 'bob', 'carol'][i % 3]!,
      requested_at: at(requested),
    });
    await records.record(base, { state: 'in_progress', at: at(requested + 60_000) });
    const failed = i % 7 === 2;
    await records.record(base, {
      state: failed ? 'failure' : 'success',
      at: at(requested + 10 * 60_000),
      description: failed ? 'tests failed' : 'deployed',
    });
    if (!failed)
      await records.setChanges(id, {
        base_sha: 'f'.repeat(40),
        commit_times: [at(requested - (2 + (i % 4) * 5) * HOUR), at(requested - HOUR)],
        total: 2,
      });
  }
}

describe('heaven dashboard in headless Chromium', () => {
  let h: Harness | undefined;
  let browser: BrowserContext | undefined;
  let profile: string | undefined;
  const openBrowser = async (viewport = { width: 1024, height: 768 }): Promise<Page> => {
    profile = mkdtempSync(join(tmpdir(), 'heaven-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport,
    });
    return browser.pages()[0] ?? (await browser.newPage());
  };
  const signIn = (page: Page) => page.setExtraHTTPHeaders({ authorization: `Basic ${CREDENTIALS}` });
  afterEach(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await h?.close();
    h = browser = profile = undefined;
  });

  it(
    'refuses a visit without credentials, then shows the lock, ' + 'the running deployment, the line and the history',
    async () => {
      h = await startHarness({ env: { ...ADMIN, HEAVEN_DASHBOARD_REFRESH_S: '1' } });
      const done = await h.deploy({ environment: 'staging' });
      await h.waitForState(done, 'success');
      h.circle.options.plan = () => ({ workflows: [{ name: 'deploy', status: 'success', durationMs: 600_000 }] });
      const running = await h.deploy({ environment: 'staging', ref: 'main' });
      await h.waitForState(running, 'in_progress');
      const waiting = await h.deploy({ environment: 'staging', ref: 'main' });
      await h.waitForState(waiting, 'queued');
      await h.locks.acquire({
        repository: 'acme/api',
        environment: 'production',
        holder: { slack_user_id: 'U0BOB', name: 'bob' },
        reason: 'db <migration>',
        locked_at: new Date().toISOString(),
      });

      const page = await openBrowser();
      // Without credentials the browser gets the Basic challenge and the page does not load.
      await expect(page.goto(`${h.url}/dashboard`)).rejects.toThrow('net::ERR_INVALID_AUTH_CREDENTIALS');
      const refused = await page.request.get(`${h.url}/dashboard`);
      expect(refused.status()).toBe(401);
      expect(await refused.json()).toEqual({ error: 'admin credentials required' });

      await signIn(page);
      const ok = await page.goto(`${h.url}/dashboard`);
      expect(ok?.status()).toBe(200);
      expect(await page.title()).toBe('chatops deployments');
      const staging = page.locator('[data-app="api"] [data-environment="staging"]');
      expect(await staging.locator('.running').textContent()).toContain(`Running: #${running} main`);
      expect(await staging.locator('.running a', { hasText: 'log' }).getAttribute('href')).toMatch(
        /^https:\/\/app\.circleci\.com\/pipelines\/gh\/acme\/api\/\d+$/,
      );
      expect(await staging.locator('.waiting').textContent()).toContain(`Waiting: #${waiting} main`);
      expect(await staging.locator('.history tbody tr').first().textContent()).toContain(`#${done}`);
      const production = page.locator('[data-app="api"] [data-environment="production"]');
      expect(await production.locator('.lock').textContent()).toContain('Locked by bob since');
      expect(await production.locator('.lock').textContent()).toContain(': db <migration>');

      // Locks are the bot's: the page fetches itself again every HEAVEN_DASHBOARD_REFRESH_S and swaps
      // its fragments in, so the lock's release shows up without a reload by the test.
      await h.locks.release('acme/api', 'production');
      await page.waitForFunction(() => !document.querySelector('[data-environment="production"] .lock'), undefined, {
        timeout: 5_000,
      });
      expect(await production.textContent()).toContain('Not locked');
    },
  );

  it('updates live over server-sent events when a deployment finishes, without reloading the page', async () => {
    // No periodic refresh in this test: only the event can change the page.
    h = await startHarness({ env: { ...ADMIN, HEAVEN_DASHBOARD_REFRESH_S: '3600' } });
    const plan: PipelinePlan = { workflows: [{ name: 'deploy', status: 'success', durationMs: 3_600_000 }] };
    h.circle.options.plan = () => plan;
    const id = await h.deploy({ environment: 'production', ref: 'main', requester: 'U0CAROL' });
    await h.waitForState(id, 'in_progress');

    await seedHistory(h);
    const page = await openBrowser();
    // The page breaks none of its own Content-Security-Policy (its script and style carry the nonce).
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await signIn(page);
    expect((await page.goto(`${h.url}/dashboard`))?.status()).toBe(200);
    await page.waitForFunction(() => document.documentElement.dataset.live === 'open', undefined, { timeout: 10_000 });
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const production = page.locator('[data-app="api"] [data-environment="production"]');
    expect(await production.locator('.running').textContent()).toContain(`Running: #${id} main`);

    // The CI run ends: heaven posts success and publishes the change; the page swaps the fragment in.
    plan.workflows[0]!.durationMs = 0;
    await page.waitForFunction(
      (deployment) => {
        const env = document.querySelector('[data-app="api"] [data-environment="production"]');
        const row = env?.querySelector('.history tbody tr');
        return !env?.querySelector('.running') && row?.textContent?.includes(`#${deployment}`);
      },
      id,
      { timeout: 15_000 },
    );
    expect(await production.textContent()).toContain('Nothing running');
    expect(await production.locator('.deployed').textContent()).toMatch(
      new RegExp(`^Deployed: #${id} main \\([0-9a-f]{7}\\) at .* UTC by carol$`),
    );
    expect(await production.locator('.history tbody tr').first().locator('td').nth(2).textContent()).toBe('success');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('nav ul')!).display)).toBe('flex');
    // The charts are drawn on the server, with their data as tables.
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('svg[role="img"] title').first().textContent()).toBe('Deploys per day, api production');
    await shot(page, 'overview', true);

    // Keyboard: the first Tab reaches the first link of the page.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Environments');

    // A phone: nothing wider than its 375 px.
    await page.setViewportSize({ width: 375, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(page, 'phone');
  });

  it('filters the history by GET query parameters and its form, and shows a deployment with its timeline', async () => {
    h = await startHarness({ env: { ...ADMIN, HEAVEN_DASHBOARD_REFRESH_S: '3600' } });
    const ok = await h.deploy({ environment: 'staging', requester: 'U0ALICE' });
    await h.waitForState(ok, 'success');
    h.circle.options.plan = () => ({ workflows: [{ name: 'deploy', status: 'failed', durationMs: 50 }] });
    const failed = await h.deploy({ environment: 'production', requester: 'U0BOB' });
    await h.waitForState(failed, 'failure');

    const page = await openBrowser();
    await signIn(page);
    const ids = () =>
      page.locator('table.history-list tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
    await page.goto(`${h.url}/dashboard/history`);
    expect(await ids()).toEqual([String(failed), String(ok)]);
    await page.goto(`${h.url}/dashboard/history?state=failure`);
    expect(await ids()).toEqual([String(failed)]);
    await page.goto(`${h.url}/dashboard/history?person=ALI`);
    expect(await ids()).toEqual([String(ok)]);
    await page.goto(`${h.url}/dashboard/history?environment=production&state=success`);
    expect(await page.locator('.empty').textContent()).toBe('No deployment matches these filters.');

    // The form is a plain GET form: choosing and submitting puts the filters in the address.
    await page.goto(`${h.url}/dashboard/history`);
    await page.selectOption('#f-environment', 'staging');
    await Promise.all([page.waitForURL(/environment=staging/), page.click('form.filters button[type="submit"]')]);
    expect(new URL(page.url()).searchParams.get('environment')).toBe('staging');
    expect(await ids()).toEqual([String(ok)]);
    await page.goto(`${h.url}/dashboard/history`);
    await shot(page, 'history');

    await page.click(`table.history-list tr[data-id="${failed}"] a[href="/dashboard/deployments/${failed}"]`);
    await page.waitForURL(new RegExp(`/dashboard/deployments/${failed}$`));
    expect(await page.locator('h2').first().textContent()).toBe(`Deployment #${failed}`);
    const steps = await page
      .locator('ol.timeline li')
      .evaluateAll((items) => items.map((li) => [li.getAttribute('data-step'), li.querySelector('time') !== null]));
    expect(steps).toEqual([
      ['requested', true],
      ['approved', false],
      ['queued', false],
      ['started', true],
      ['finished', true],
    ]);
    expect(await page.locator('table.statuses tbody tr td').first().textContent()).toBe('failure');
    expect(await page.locator('ul.links a', { hasText: 'CI log' }).getAttribute('href')).toMatch(
      /^https:\/\/app\.circleci\.com\/pipelines\/gh\/acme\/api\/\d+$/,
    );
    await shot(page, 'deployment');
  });
});
