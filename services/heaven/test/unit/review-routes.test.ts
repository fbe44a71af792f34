import { describe, expect, it } from '@jest/globals';
import type { ReviewEnvironment } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { expiresAt, teardownDescription } from '../../src/run/review-environments.js';
import { routeGithubEvent } from '../../src/webhooks/route-github-event.js';

const apps = parseAppsConfig(`
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      staging: {}
      review: { transient: true, ttl_hours: 12 }
      preview: { transient: true }
  web:
    repository: acme/web
    circleci: { project_slug: gh/acme/web }
    environments: { staging: {} }
`);
const repository = { full_name: 'Acme/API' };
const pr = (fields: { merged?: boolean; ref?: string; repo?: string; number?: number; closedAt?: string }) => ({
  number: fields.number ?? 7,
  merged: fields.merged ?? false,
  closed_at: fields.closedAt ?? '2030-01-02T03:04:05Z',
  head: { ref: fields.ref ?? 'feat/x', repo: { full_name: fields.repo ?? 'acme/api' } },
});

describe('routeGithubEvent: the end of a branch', () => {
  it.each([
    [
      'pull_request',
      { repository, action: 'closed', pull_request: pr({ merged: true }) },
      {
        kind: 'enqueue',
        queue: 'ci-events',
        name: 'branch-closed',
        jobId: 'branch-closed-acme_api-feat_x-79b4cc554b80-7-2030-01-02T03_04_05Z',
        data: { kind: 'branch-closed', repository: 'Acme/API', branch: 'feat/x', reason: 'pr-merged', pr: 7 },
      },
    ],
    [
      'pull_request',
      { repository, action: 'closed', pull_request: pr({}) },
      {
        kind: 'enqueue',
        queue: 'ci-events',
        name: 'branch-closed',
        jobId: 'branch-closed-acme_api-feat_x-79b4cc554b80-7-2030-01-02T03_04_05Z',
        data: { kind: 'branch-closed', repository: 'Acme/API', branch: 'feat/x', reason: 'pr-closed', pr: 7 },
      },
    ],
    [
      'pull_request',
      { repository, action: 'opened', pull_request: pr({}) },
      { kind: 'ignore', reason: 'pull_request action opened' },
    ],
    [
      'pull_request',
      { repository, action: 'closed', pull_request: pr({ repo: 'mallory/api' }) },
      { kind: 'ignore', reason: 'pull request from another repository' },
    ],
    [
      'pull_request',
      { repository: { full_name: 'acme/web' }, action: 'closed', pull_request: pr({ repo: 'acme/web' }) },
      { kind: 'ignore', reason: 'no transient environment' },
    ],
    [
      'delete',
      { repository, ref: 'feat/x', ref_type: 'branch' },
      {
        kind: 'enqueue',
        queue: 'ci-events',
        name: 'branch-closed',
        jobId: 'branch-closed-acme_api-feat_x-79b4cc554b80-deleted',
        data: { kind: 'branch-closed', repository: 'Acme/API', branch: 'feat/x', reason: 'branch-deleted' },
      },
    ],
    ['delete', { repository, ref: 'v1.0', ref_type: 'tag' }, { kind: 'ignore', reason: 'delete of a tag' }],
    [
      'delete',
      { repository: { full_name: 'acme/other' }, ref: 'x', ref_type: 'branch' },
      { kind: 'ignore', reason: 'repository acme/other is not in the config', log: true },
    ],
  ])('%s %j', (event, body, expected) => {
    expect(routeGithubEvent(event, 'd-1', body, apps)).toEqual(expected);
  });

  it('keys a redelivery under another delivery id the same', () => {
    const body = { repository, action: 'closed', pull_request: pr({ merged: true }) };
    const a = routeGithubEvent('pull_request', 'd-1', body, apps);
    const b = routeGithubEvent('pull_request', 'd-2', body, apps);
    expect(a).toEqual(b);
  });

  it('keys two branches apart even where jobId would write them alike, and a second close apart', () => {
    const id = (event: string, body: Record<string, unknown>) => {
      const route = routeGithubEvent(event, 'd-1', body, apps);
      return route.kind === 'enqueue' ? route.jobId : route.kind;
    };
    const deleted = (ref: string) => id('delete', { repository, ref, ref_type: 'branch' });
    expect(deleted('feat/x')).not.toBe(deleted('feat_x'));
    expect(deleted('feat_x')).toBe('branch-closed-acme_api-feat_x-9d61348dab22-deleted');
    // Closed, reopened, deployed again, closed again within the day BullMQ keeps a job: a second teardown.
    const closed = (closedAt: string) =>
      id('pull_request', { repository, action: 'closed', pull_request: pr({ closedAt }) });
    expect(closed('2030-01-02T03:04:05Z')).not.toBe(closed('2030-01-02T05:00:00Z'));
  });
});

const record = (over: Partial<ReviewEnvironment> = {}): ReviewEnvironment => ({
  repository: 'acme/api',
  app: 'api',
  config_environment: 'review',
  environment: 'review-feat-x',
  branch: 'feat-x',
  sha: 'a'.repeat(40),
  created_at: 1_000,
  last_deploy_at: 10_000,
  last_deployment_id: 5,
  ...over,
});

describe('review environment expiry', () => {
  it('is ttl_hours after the last deployment, 72 hours by default, none once the config drops it', () => {
    expect(expiresAt(apps, record())).toBe(10_000 + 12 * 3_600_000);
    expect(expiresAt(apps, record({ config_environment: 'preview' }))).toBe(10_000 + 72 * 3_600_000);
    expect(expiresAt(apps, record({ config_environment: 'staging' }))).toBeNull();
    expect(expiresAt(apps, record({ app: 'gone' }))).toBeNull();
  });

  it.each([
    ['expired', {}, 'teardown of review-feat-x: no deployment for 12h'],
    ['pr-merged', { pr: 12 }, 'teardown of review-feat-x: pull request #12 merged'],
    ['pr-closed', {}, 'teardown of review-feat-x: pull request closed'],
    ['branch-deleted', {}, 'teardown of review-feat-x: branch deleted'],
  ] as const)('describes a teardown for %s', (reason, over, text) => {
    const r = record(over);
    expect(teardownDescription(r, reason, expiresAt(apps, r))).toBe(text);
  });

  it('keeps a long name within GitHub 140 characters', () => {
    const r = record({ environment: `review-${'x'.repeat(200)}` });
    expect(teardownDescription(r, 'branch-deleted', null)).toHaveLength(140);
  });
});
