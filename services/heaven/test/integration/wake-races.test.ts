import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix, REDIS_URL, testPrefix } from '@chatops/testkit';
import { createRunStore } from '../../src/stores/run-store.js';
import { startHarness, type Harness } from '../helpers/harness.js';

/** CI news must never wait a poll interval: polls are 30 s here, the tests give 8 s. */
const slowPolls = { HEAVEN_POLL_INTERVAL_MS: '30000', HEAVEN_POLL_MAX_MS: '60000' };

describe('CI news that comes before heaven recorded the run', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it(
    "CircleCI's workflow-completed webhook before the trigger's answer: the " +
      'deployment ends at once, not after a poll',
    async () => {
      h = await startHarness({
        env: slowPolls,
        circle: {
          triggerAnswerDelayMs: 400,
          plan: () => ({ workflows: [{ name: 'deploy', status: 'success', durationMs: 0 }] }),
        },
      });
      const id = await h.deploy({});
      const done = await h.waitForState(id, 'success', 8000);
      expect(done.description).toMatch(/succeeded|success/i);
      // The completion webhook was answered before heaven had the trigger's answer.
      expect(h.circle.webhooks.length).toBeGreaterThanOrEqual(1);
      expect(h.circle.pipelines).toHaveLength(1);
    },
  );

  it('a run already woken while its job was busy: the job does not sleep the poll interval', async () => {
    h = await startHarness({
      env: slowPolls,
      circle: { plan: () => ({ workflows: [{ name: 'deploy', status: 'success', durationMs: 600 }] }) },
    });
    const ids = [await h.deploy({}), await h.deploy({ environment: 'production' })];
    for (const id of ids) await h.waitForState(id, 'success', 8000);
  });
});

describe('run store: run records and early news', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = testPrefix('heaven-news');
  const store = createRunStore(redis, prefix);
  afterEach(async () => {
    await deleteKeysWithPrefix(redis, prefix);
  });

  it('news first: the lookup finds nothing but notes it; saving the run then says the news came (once)', async () => {
    expect(await store.deploymentOfRunOrNote('pipe-1')).toBeNull();
    expect(await store.saveRun(41, { id: 'pipe-1' } as never, 1000, ['pipe-1'])).toBe(true);
    expect(await store.saveRun(41, { id: 'pipe-1' } as never, 1000, ['pipe-1'])).toBe(false);
    expect(await store.deploymentOfRunOrNote('pipe-1')).toBe(41);
  });

  it('record first: the lookup finds the deployment; no news noted for a later save of another run', async () => {
    expect(await store.saveRun(42, { id: 'pipe-2' } as never, 1000, ['pipe-2'])).toBe(false);
    expect(await store.deploymentOfRunOrNote('pipe-2')).toBe(42);
    expect(await store.saveRun(43, { id: 'pipe-3' } as never, 1000, ['pipe-3'])).toBe(false);
  });

  afterAll(async () => {
    await redis.quit();
  });
});
