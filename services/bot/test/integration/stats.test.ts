import { describe, expect, it } from '@jest/globals';
import type { DeploymentRecordBase } from '@chatops/shared/contracts';
import { createDeploymentRecordStore } from '@chatops/shared/runtime';
import { answersTo, harnessPerTest } from '../helpers/harness.js';

const h = harnessPerTest();
const DAY = 24 * 3600_000;
const NOW = Date.parse('2030-06-30T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A deployment of api requested `daysAgo` before NOW that started at once and ended 10 minutes later. */
async function deployed(id: number, daysAgo: number, state: 'success' | 'failure', environment = 'production') {
  const store = createDeploymentRecordStore(h.redis, h.prefix, undefined, () => NOW);
  const requested = NOW - daysAgo * DAY;
  const base: DeploymentRecordBase = {
    deployment_id: id,
    repository: 'acme/api',
    app: 'api',
    environment,
    github_environment: environment,
    production: environment === 'production',
    sha: String(id).repeat(40).slice(0, 40),
    ref: 'main',
    task: 'deploy',
    noop: false,
    requester: 'alice',
    rollback_of: null,
    requested_at: iso(requested),
    approved_at: null,
  };
  await store.record(base, { state: 'in_progress', at: iso(requested + 1000) });
  await store.record(base, { state, at: iso(requested + 10 * 60_000) });
  return { store, finished: requested + 10 * 60_000 };
}

describe('/deploy stats APP [ENV]', () => {
  it("answers privately with the four DORA figures of the app's production environment and their trend", async () => {
    h.now.ms = NOW;
    await deployed(1, 20, 'success');
    const { store, finished } = await deployed(2, 6, 'success');
    await store.setChanges(2, {
      base_sha: '1'.repeat(40),
      commit_times: [iso(finished - 3 * 3600_000), iso(finished - 3600_000)],
      total: 2,
    });
    await deployed(3, 3, 'failure');
    await deployed(4, 2, 'success');
    await deployed(5, 1, 'failure', 'staging');
    const [answer] = await answersTo(h, 'stats api');
    expect(answer!.response_type).toBe('ephemeral');
    expect((answer!.text as string).split('\n')).toEqual([
      '*DORA figures of api in production* (trend: against the window before)',
      '*Last 7 days*',
      '• Deployment frequency: 2 successful deployments (0.29 a day, 2 a week) (↑ from 0, better)',
      '• Lead time for changes: median 2h 00m, p90 3h 00m over 2 commits',
      '• Change failure rate: 33% (1 of 3)',
      '• Failed deployment recovery time: median 1d 00h over 1 recovery',
      '*Last 30 days*',
      '• Deployment frequency: 3 successful deployments (0.10 a day, 0.70 a week) (↑ from 0, better)',
      '• Lead time for changes: median 2h 00m, p90 3h 00m over 2 commits',
      '• Change failure rate: 25% (1 of 4)',
      '• Failed deployment recovery time: median 1d 00h over 1 recovery',
      '*Last 90 days*',
      '• Deployment frequency: 3 successful deployments (0.03 a day, 0.23 a week) (↑ from 0, better)',
      '• Lead time for changes: median 2h 00m, p90 3h 00m over 2 commits',
      '• Change failure rate: 25% (1 of 4)',
      '• Failed deployment recovery time: median 1d 00h over 1 recovery',
    ]);
    const staging = (await answersTo(h, 'stats api stg'))[0]!.text as string;
    expect(staging.split('\n').slice(0, 6)).toEqual([
      '*DORA figures of api in staging* (trend: against the window before)',
      '*Last 7 days*',
      '• Deployment frequency: 0 successful deployments (0 a day, 0 a week) (as before)',
      '• Lead time for changes: no commit measured',
      '• Change failure rate: 100% (1 of 1)',
      `• Failed deployment recovery time: no recovery; not recovered from a failure 23h 50m ago`,
    ]);
  });

  it('says so when chatops saw no deployment there', async () => {
    h.now.ms = NOW;
    expect((await answersTo(h, 'stats web'))[0]!.text).toBe(
      'No deployment of web in production ran in the last 180 days, as far as chatops saw.',
    );
  });
});
