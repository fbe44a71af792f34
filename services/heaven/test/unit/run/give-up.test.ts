import { describe, expect, it } from '@jest/globals';
import { ExternalApiError } from '@chatops/shared/contracts';
import { giveUp } from '../../../src/run/give-up.js';
import { sweepFailed } from '../../../src/run/sweep-failed.js';
import { deploymentJob, unitRunDeps } from '../../helpers/run-deps.js';

describe('giveUp', () => {
  it('ends a deployment whose job failed for good in error with the reason, and moves the line on', async () => {
    const t = unitRunDeps();
    const job = deploymentJob();
    await t.runs.store.enter(job.deployment.id, 'acme/api:staging', 'main');
    await t.runs.store.enter(job.deployment.id + 1000, 'acme/api:staging', 'main');
    await giveUp(job, 'CircleCI answered 500 to POST /project/gh/acme/api/pipeline: upstream down', t.deps);
    expect(t.github.posted.map((p) => p.status.description)).toEqual([
      'heaven gave up: CircleCI answered 500 to POST /project/gh/acme/api/pipeline: upstream down',
    ]);
    expect(t.woken).toEqual([job.deployment.id + 1000]);
    await giveUp(job, 'again', t.deps);
    expect(t.github.posted).toHaveLength(1);
  });

  it("reports once when the failed job's worker and a sweep get there at the same time", async () => {
    const t = unitRunDeps();
    const job = deploymentJob();
    await t.runs.store.enter(job.deployment.id, 'acme/api:staging', 'main');
    await Promise.all([giveUp(job, 'worker', t.deps), giveUp(job, 'sweep', t.deps), giveUp(job, 'other', t.deps)]);
    expect(t.github.posted.map((p) => p.status.description)).toEqual(['heaven gave up: worker']);
  });

  it('gives its claim back when the report fails, so the next sweep reports it', async () => {
    const t = unitRunDeps();
    const job = deploymentJob();
    await t.runs.store.enter(job.deployment.id, 'acme/api:staging', 'main');
    const createStatus = t.deps.github.createStatus;
    t.deps.github.createStatus = async () => {
      throw new ExternalApiError('github', 'GitHub answered 502 to POST /statuses: Bad Gateway', {
        status: 502,
        retryable: true,
      });
    };
    await expect(giveUp(job, 'first', t.deps)).rejects.toThrow('GitHub answered 502 to POST /statuses: Bad Gateway');
    t.deps.github.createStatus = createStatus;
    await giveUp(job, 'second', t.deps);
    expect(t.github.posted.map((p) => p.status.description)).toEqual(['heaven gave up: second']);
    expect((await t.runs.store.read(job.deployment.id))!.phase).toBe('done');
  });
});

describe('sweepFailed', () => {
  it('ends the failed jobs whose deployment has not ended, once per longest poll interval across heavens', async () => {
    const t = unitRunDeps();
    const open = deploymentJob();
    const ended = deploymentJob();
    await t.runs.store.enter(open.deployment.id, 'acme/api:staging', 'main');
    await t.runs.store.enter(ended.deployment.id, 'acme/api:production', 'main');
    await t.runs.store.finish(ended.deployment.id, 'acme/api:production');
    const failed = {
      async newest() {
        return [
          { data: open, reason: 'GitHub deployment status failed (502)' },
          { data: ended, reason: 'x' },
          { data: { not: 'a job' }, reason: 'y' },
        ];
      },
    };
    expect(await sweepFailed({ ...t.deps, failed })).toBe(1);
    expect(await sweepFailed({ ...t.deps, failed })).toBe(0);
    expect(t.github.posted.map((p) => [p.id, p.status.description])).toEqual([
      [open.deployment.id, 'heaven gave up: GitHub deployment status failed (502)'],
    ]);
  });
});
