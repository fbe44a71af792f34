import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { FakeGitHub } from '@chatops/testkit';
import { createGitHubAdapter, createOctokit } from '../../src/adapters/octokit-github.js';

/** GITHUB_WRITE_INTERVAL_MS: the writes of one process are spaced by the interval; 0 sends them at once. */
describe('GitHub write pacing', () => {
  const github = new FakeGitHub();
  const repo = { owner: 'acme', repo: 'api' };
  let ids: number[] = [];
  beforeAll(async () => {
    await github.start();
    github.addRepo('acme/api');
  });
  afterAll(() => github.stop());

  const threeStatuses = async (writeIntervalMs: number): Promise<number[]> => {
    const port = createGitHubAdapter(createOctokit({ baseUrl: github.url, token: 'ghp_pacing', retries: 1, writeIntervalMs, logger: pino({ level: 'silent' }) }));
    const id = (await port.createDeployment(repo, { ref: 'main', environment: `pacing-${writeIntervalMs}`, description: 'pacing', task: 'deploy', transient: false, production: false }))!;
    ids.push(id);
    const before = github.requests.length;
    await Promise.all(['queued', 'in_progress', 'success'].map((state) => port.createStatus(repo, id, { state: state as 'queued', description: state })));
    const arrivals = github.requests.slice(before).filter((r) => r.method === 'POST').map((r) => r.at);
    expect(github.statusesOf(id)).toHaveLength(3);
    return arrivals.slice(1).map((at, i) => at - arrivals[i]!);
  };

  it('spaces writes by the interval (GitHub asks for a second between writes)', async () => {
    const gaps = await threeStatuses(700);
    expect(gaps).toHaveLength(2);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(650);
  });

  it('0 turns the pacing off: the writes go out together', async () => {
    const gaps = await threeStatuses(0);
    expect(gaps).toHaveLength(2);
    expect(Math.max(...gaps)).toBeLessThan(650);
    expect(ids).toHaveLength(2);
  });
});
