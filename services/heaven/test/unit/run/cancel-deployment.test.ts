import { describe, expect, it } from '@jest/globals';
import { cancelDeployment } from '../../../src/run/cancel-deployment.js';
import { unitRunDeps } from '../../helpers/run-deps.js';

const cancel = (environment: string, deploymentId?: number) => ({
  action: 'cancel' as const,
  repository: 'acme/api',
  environment,
  deployment_id: deploymentId,
  requested_by: { slack_user_id: 'U0CAROL', name: 'carol' },
  requested_at: '2026-11-26T10:00:00Z',
});

describe('cancelDeployment', () => {
  it('marks the newest deployment of the environment, takes a waiting one out of the line and wakes it', async () => {
    const t = unitRunDeps();
    await t.runs.store.enter(10, 'acme/api:staging', 'main');
    await t.runs.store.tryStart(10, 'acme/api:staging');
    await t.runs.store.claimTrigger(10);
    await t.runs.store.enter(11, 'acme/api:staging', 'main');
    expect(await cancelDeployment(cancel('staging'), t.deps)).toBe(11);
    expect(t.runs.records.get(11)?.cancel).toEqual({ slack_user_id: 'U0CAROL', name: 'carol' });
    expect(t.runs.lines('acme/api:staging')).toEqual([10]);
    expect(t.woken).toEqual([11]);
  });

  it('cancels a running deployment named by id and leaves it in the line (its job stops the CI)', async () => {
    const t = unitRunDeps();
    await t.runs.store.enter(10, 'acme/api:staging', 'main');
    await t.runs.store.claimTrigger(10);
    await t.runs.store.enter(11, 'acme/api:staging', 'main');
    expect(await cancelDeployment(cancel('staging', 10), t.deps)).toBe(10);
    expect(t.runs.lines('acme/api:staging')).toEqual([10, 11]);
    expect(t.woken).toEqual([10]);
  });

  it('finds a transient environment by its GitHub name, and answers null when nothing waits or runs', async () => {
    const t = unitRunDeps();
    await t.runs.store.enter(12, 'acme/api:review-feat-x', 'feat/x');
    expect(await cancelDeployment(cancel('review-feat-x'), t.deps)).toBe(12);
    expect(await cancelDeployment(cancel('production'), t.deps)).toBeNull();
  });
});
