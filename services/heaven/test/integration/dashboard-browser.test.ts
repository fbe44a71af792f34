/// <reference lib="dom" />
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { chromium, type BrowserContext } from 'playwright-core';
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

describe('heaven dashboard in headless Chromium', () => {
  let h: Harness | undefined;
  let browser: BrowserContext | undefined;
  let profile: string | undefined;
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

      profile = mkdtempSync(join(tmpdir(), 'heaven-chromium-'));
      browser = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ARGS,
      });
      const page = browser.pages()[0] ?? (await browser.newPage());
      // Without credentials the browser gets the Basic challenge and the page does not load.
      await expect(page.goto(`${h.url}/dashboard`)).rejects.toThrow('net::ERR_INVALID_AUTH_CREDENTIALS');
      const refused = await page.request.get(`${h.url}/dashboard`);
      expect(refused.status()).toBe(401);
      expect(await refused.json()).toEqual({ error: 'admin credentials required' });

      const credentials = Buffer.from(`${ADMIN.HEAVEN_ADMIN_USER}:${ADMIN.HEAVEN_ADMIN_PASSWORD}`).toString('base64');
      await page.setExtraHTTPHeaders({ authorization: `Basic ${credentials}` });
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

      // It refreshes by itself: the lock's release shows up without a reload by the test.
      await h.locks.release('acme/api', 'production');
      await page.waitForFunction(() => !document.querySelector('[data-environment="production"] .lock'), undefined, {
        timeout: 5_000,
      });
      expect(await production.textContent()).toContain('Not locked');
    },
  );
});
