import { describe, expect, it } from '@jest/globals';
import { applyStatus } from '../../src/deployments/apply-status.js';
import { createDeploymentView } from '../../src/deployments/create-deployment-view.js';
import type { DeploymentView } from '../../src/deployments/deployment-view.js';
import { statusJob, testConfig } from '../helpers/jobs.js';

const config = testConfig();
const base = () => createDeploymentView(statusJob({ statusId: 1, state: 'queued' }), null, config, null);
const apply = (
  view: DeploymentView,
  statusId: number,
  state: Parameters<typeof statusJob>[0]['state'],
  at: string,
  extra = {},
) => applyStatus(view, statusJob({ statusId, state, at, ...extra }).status);

describe('applyStatus', () => {
  it('moves through queued, in_progress and success, keeping the time of each phase', () => {
    let view = base();
    view = apply(view, 1, 'queued', '2026-11-26T10:00:02Z').view;
    view = apply(view, 2, 'in_progress', '2026-11-26T10:00:05Z', { logUrl: 'https://ci/1' }).view;
    const done = apply(view, 3, 'success', '2026-11-26T10:01:05Z', { environmentUrl: 'https://staging.acme.dev' });
    expect(done.finishedNow).toBe(true);
    expect(done.view.state).toBe('success');
    expect(done.view.timeline).toEqual({
      requested: '2026-11-26T10:00:00Z',
      queued: '2026-11-26T10:00:02Z',
      started: '2026-11-26T10:00:05Z',
      finished: '2026-11-26T10:01:05Z',
    });
    expect(done.view.logUrl).toBe('https://ci/1');
    expect(done.view.environmentUrl).toBe('https://staging.acme.dev');
  });

  it('never moves a finished deployment back to running when statuses arrive out of order', () => {
    let view = base();
    view = apply(view, 3, 'failure', '2026-11-26T10:01:00Z', { description: 'tests failed' }).view;
    const late = apply(view, 2, 'in_progress', '2026-11-26T10:00:05Z', { logUrl: 'https://ci/2' });
    expect(late.view.state).toBe('failure');
    expect(late.view.description).toBe('tests failed');
    expect(late.finishedNow).toBe(false);
    expect(late.view.timeline.started).toBe('2026-11-26T10:00:05Z');
    expect(late.view.logUrl).toBe('https://ci/2');
  });

  it('does not move in_progress back to queued', () => {
    const view = apply(base(), 2, 'in_progress', '2026-11-26T10:00:05Z').view;
    expect(apply(view, 1, 'queued', '2026-11-26T10:00:02Z').view.state).toBe('in_progress');
  });

  it('keeps the first final state: a later final status does not finish it twice', () => {
    const view = apply(base(), 3, 'success', '2026-11-26T10:01:00Z').view;
    const again = apply(view, 4, 'error', '2026-11-26T10:02:00Z');
    expect(again.view.state).toBe('success');
    expect(again.finishedNow).toBe(false);
    expect(again.view.timeline.finished).toBe('2026-11-26T10:01:00Z');
  });

  it('marks a finished deployment superseded on inactive, without changing its result', () => {
    const view = apply(base(), 3, 'success', '2026-11-26T10:01:00Z').view;
    const inactive = apply(view, 9, 'inactive', '2026-11-26T11:00:00Z');
    expect(inactive.view.state).toBe('success');
    expect(inactive.view.superseded).toBe(true);
  });

  it('ignores a status it has already applied (redelivery)', () => {
    const view = apply(base(), 2, 'in_progress', '2026-11-26T10:00:05Z').view;
    const again = apply(view, 2, 'in_progress', '2026-11-26T10:00:05Z');
    expect(again.changed).toBe(false);
    expect(again.view).toBe(view);
  });
});
