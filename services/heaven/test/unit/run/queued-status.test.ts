import { describe, expect, it } from '@jest/globals';
import { QUEUED_STATUS_AFTER_MS, queuedStatusDelay } from '../../../src/run/queued-status-delay.js';
import { runDeployment } from '../../../src/run/run-deployment.js';
import { againLater } from '../../helpers/again-later.js';
import { signedChatops } from '../../helpers/chatops.js';
import { deploymentJob, unitRunDeps } from '../../helpers/run-deps.js';

const target = { repository: 'acme/api', environment: 'staging', ref: 'main', task: 'deploy' };
const signed = () =>
  ({ chatops: signedChatops(target, { requester: { slack_user_id: 'U0ALICE', name: 'alice' } }) }) as Record<
    string,
    unknown
  >;

const look = (...args: Parameters<typeof runDeployment>) => againLater(runDeployment(...args));

describe('queuedStatusDelay (pure)', () => {
  const created = '2026-11-26T10:00:00Z';
  const at = (ms: number) => Date.parse(created) + ms;
  it('waits out the first seconds of a wait, at most the longest poll', () => {
    expect(queuedStatusDelay(created, at(0), 60_000)).toBe(QUEUED_STATUS_AFTER_MS);
    expect(queuedStatusDelay(created, at(1_500), 60_000)).toBe(3_500);
    // Never later than the longest poll: 150 ms after its creation here.
    expect(queuedStatusDelay(created, at(100), 150)).toBe(50);
    expect(queuedStatusDelay(created, at(150), 150)).toBe(0);
    // A clock 10 s behind GitHub's: the threshold plus the skew, still at most the longest poll.
    expect(queuedStatusDelay(created, at(-10_000), 60_000)).toBe(15_000);
  });
  it('says post at once after the threshold, or for an unknown creation time', () => {
    expect(queuedStatusDelay(created, at(QUEUED_STATUS_AFTER_MS), 60_000)).toBe(0);
    expect(queuedStatusDelay('not a date', at(0), 60_000)).toBe(0);
  });
});

describe('the queued status of a waiting deployment', () => {
  it('is not posted when the one ahead ends within the first seconds: in_progress is the first status', async () => {
    const t = unitRunDeps();
    const first = deploymentJob({ payload: signed() });
    await look(first, t.deps);
    const second = deploymentJob({ payload: {}, created_at: new Date(t.clock.ms - 1_000).toISOString() });
    const again = await look(second, t.deps);
    expect(again?.delayMs).toBe(QUEUED_STATUS_AFTER_MS - 1_000);
    expect(t.github.posted.filter((p) => p.id === second.deployment.id)).toEqual([]);

    t.ci.fake.observation = { phase: 'done', outcome: 'success', description: 'FakeCI succeeded' };
    t.clock.ms += 2_000;
    await look(first, t.deps);
    expect(t.woken).toContain(second.deployment.id);
    await look(second, t.deps);
    expect(t.github.posted.filter((p) => p.id === second.deployment.id).map((p) => p.status.state)).toEqual([
      'in_progress',
    ]);
  });

  it('is posted once the wait is longer, naming the one ahead; the look after it is the longest poll', async () => {
    const t = unitRunDeps();
    const first = deploymentJob({ payload: signed() });
    await look(first, t.deps);
    const second = deploymentJob({ payload: {}, created_at: new Date(t.clock.ms).toISOString() });
    expect((await look(second, t.deps))?.delayMs).toBe(QUEUED_STATUS_AFTER_MS);
    t.clock.ms += QUEUED_STATUS_AFTER_MS;
    expect((await look(second, t.deps))?.delayMs).toBe(60_000);
    expect(t.github.posted.filter((p) => p.id === second.deployment.id).map((p) => p.status)).toEqual([
      {
        state: 'queued',
        description: `waiting for deployment #${first.deployment.id} (main) to finish`,
        environment_url: 'https://staging.api.acme.dev',
      },
    ]);
  });
});
