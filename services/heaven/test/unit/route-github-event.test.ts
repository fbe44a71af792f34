import { describe, expect, it } from '@jest/globals';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { routeGithubEvent } from '../../src/webhooks/route-github-event.js';

const apps = parseAppsConfig(
  'apps: { api: { repository: acme/api, circleci: { project_slug: gh/acme/api }, environments: { staging: {} } } }',
);
const repository = { full_name: 'Acme/API' };
const sha = 'a'.repeat(40);

describe('routeGithubEvent', () => {
  it.each([
    ['status', { repository, state: 'pending', sha }, { kind: 'ignore', reason: 'status pending' }],
    [
      'status',
      { repository, state: 'success', sha, context: 'ci/circleci: test' },
      {
        kind: 'enqueue',
        queue: 'ci-events',
        name: 'commit-green',
        jobId: `green-acme_api-${sha}-status-ci_circleci__test`,
        data: { kind: 'commit-green', repository: 'Acme/API', sha },
      },
    ],
    [
      'check_suite',
      { repository, action: 'completed', check_suite: { conclusion: 'failure', head_sha: sha } },
      { kind: 'ignore', reason: 'check suite not green' },
    ],
    [
      'check_suite',
      { repository, action: 'completed', check_suite: { id: 5150, conclusion: 'success', head_sha: sha } },
      {
        kind: 'enqueue',
        queue: 'ci-events',
        name: 'commit-green',
        jobId: `green-acme_api-${sha}-suite-5150`,
        data: { kind: 'commit-green', repository: 'Acme/API', sha },
      },
    ],
    [
      'workflow_run',
      {
        repository,
        action: 'completed',
        workflow_run: { id: 5, run_attempt: 2, conclusion: 'success', display_title: 'deploy 9' },
      },
      {
        kind: 'enqueue',
        queue: 'ci-events',
        name: 'workflow-run',
        jobId: 'workflow-run-5-2-success',
        data: { kind: 'workflow-run', run_id: 5, title: 'deploy 9' },
      },
    ],
    [
      'workflow_run',
      { repository, action: 'requested', workflow_run: { id: 5 } },
      { kind: 'ignore', reason: 'workflow_run requested' },
    ],
    [
      'deployment',
      { repository, action: 'created', workflow: { id: 1 }, workflow_run: null, deployment: { id: 1 } },
      { kind: 'ignore', reason: 'deployment made by a GitHub Actions job for its own environment', log: true },
    ],
    ['issues', { repository }, { kind: 'ignore', reason: 'event issues is not used' }],
    [
      'deployment',
      { repository: { full_name: 'other/repo' } },
      { kind: 'ignore', reason: 'repository other/repo is not in the config', log: true },
    ],
    ['deployment', {}, { kind: 'ignore', reason: 'repository (none) is not in the config', log: true }],
  ])('%s %j', (event, body, expected) => {
    expect(routeGithubEvent(event, 'd1', body, apps)).toEqual(expected);
  });

  it('keys a job by what it is about, not by the delivery: the same news under another delivery is one job', () => {
    const body = { repository, state: 'success', sha, context: 'ci/test' };
    const a = routeGithubEvent('status', 'delivery-a', body, apps);
    const b = routeGithubEvent('status', 'delivery-b', { ...body }, apps);
    expect(a.kind === 'enqueue' && b.kind === 'enqueue' && a.jobId === b.jobId).toBe(true);
    const other = routeGithubEvent('status', 'delivery-a', { ...body, context: 'ci/lint' }, apps);
    expect(other.kind === 'enqueue' && a.kind === 'enqueue' && other.jobId !== a.jobId).toBe(true);
  });
});
