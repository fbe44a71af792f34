import { afterEach, describe, expect, it } from '@jest/globals';
import { startHarness, type Harness } from '../helpers/harness.js';

describe('a deployment whose job failed for good', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it(
    'ends in error with the reason even when GitHub refused that final status ' +
      'the first time (the sweep posts it again)',
    async () => {
      h = await startHarness({
        env: { HEAVEN_JOB_ATTEMPTS: '2', HEAVEN_JOB_BACKOFF_MS: '10', HEAVEN_POLL_MAX_MS: '300' },
      });
      h.circle.failNext('POST', /\/pipeline$/, { status: 500, body: { message: 'upstream down' } }, 10);
      h.github.failNext('POST', /\/statuses$/, { status: 502, body: { message: 'Bad Gateway' } }, 1);
      const id = await h.deploy({});
      const error = await h.waitForState(id, 'error', 10_000);
      expect(error.description).toMatch(/^heaven gave up: \[?.*CircleCI.*500/);
      const posts = h.github.received('POST', new RegExp(`/deployments/${id}/statuses$`));
      expect(posts.map((p) => (p.body as { state: string }).state)).toEqual(['error', 'error']);
      expect(h.github.statusesOf(id).map((s) => s.state)).toEqual(['error']);
      expect(h.circle.pipelines).toHaveLength(0);
    },
  );
});
