import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { createGitHubClient } from '@chatops/shared/runtime';
import { FakeGitHub } from '@chatops/testkit';
import { createGitHubAdapter } from '../../src/adapters/github-adapter.js';

/** GITHUB_WRITE_INTERVAL_MS: the writes of one process are spaced by the interval; 0 sends them at once. */
describe('GitHub write pacing', () => {
  const github = new FakeGitHub();
  const repo = { owner: 'acme', repo: 'api' };
  beforeAll(async () => {
    await github.start();
    github.addRepo('acme/api');
  });
  afterAll(() => github.stop());

  /** ms from the deployment's creation to GitHub having all three statuses, written at once by the caller. */
  const threeStatuses = async (writeIntervalMs: number): Promise<number> => {
    const port = createGitHubAdapter(
      createGitHubClient({
        baseUrl: github.url,
        credentials: { token: 'ghp_pacing' },
        retries: 1,
        writeIntervalMs,
        logger: pino({ level: 'silent' }),
      }),
    );
    const id = (await port.createDeployment(repo, {
      ref: 'main',
      environment: `pacing-${writeIntervalMs}`,
      description: 'pacing',
      task: 'deploy',
      transient: false,
      production: false,
    }))!;
    const started = Date.now();
    await Promise.all(
      ['queued', 'in_progress', 'success'].map((state) =>
        port.createStatus(repo, id, { state: state as 'queued', description: state }),
      ),
    );
    expect(
      github
        .statusesOf(id)
        .map((st) => st.state)
        .sort(),
    ).toEqual(['in_progress', 'queued', 'success']);
    return Date.now() - started;
  };

  // The three status writes come after the deployment's own write: paced at 1000 ms they take at
  // least 3 × 1000 ms from that write's start, so well over 1.5 s after it returned (it took far
  // less than 1.5 s, even on a loaded machine). Unpaced they go out together.
  it('spaces writes by the interval (GitHub asks for a second between writes)', async () => {
    expect(await threeStatuses(1000)).toBeGreaterThanOrEqual(1500);
  });

  it('0 turns the pacing off: the writes go out together', async () => {
    expect(await threeStatuses(0)).toBeLessThan(1500);
  });

  it(
    "leaves a secondary rate limit's Retry-After longer than 10 s to the job, " +
      'also with the pacing (throttling plugin) on',
    async () => {
      const port = createGitHubAdapter(
        createGitHubClient({
          baseUrl: github.url,
          credentials: { token: 'ghp_pacing' },
          retries: 3,
          writeIntervalMs: 1000,
          logger: pino({ level: 'silent' }),
        }),
      );
      const id = (await port.createDeployment(repo, {
        ref: 'main',
        environment: 'pacing-limit',
        description: 'limit',
        task: 'deploy',
        transient: false,
        production: false,
      }))!;
      github.failNext('POST', /\/statuses$/, {
        status: 403,
        body: { message: 'You have exceeded a secondary rate limit.' },
        headers: { 'retry-after': '12' },
      });
      const before = github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/statuses')).length;
      const started = Date.now();
      await expect(port.createStatus(repo, id, { state: 'in_progress', description: 'limited' })).rejects.toMatchObject(
        {
          status: 403,
        },
      );
      expect(Date.now() - started).toBeLessThan(5000);
      expect(github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/statuses')).length - before).toBe(
        1,
      );
    },
  );
});
