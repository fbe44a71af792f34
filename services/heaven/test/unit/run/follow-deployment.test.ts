import { describe, expect, it } from '@jest/globals';
import { ExternalApiError } from '@chatops/shared/contracts';
import { followDeployment, nextPollDelay } from '../../../src/run/follow-deployment.js';
import { resolveRun, type RunContext } from '../../../src/run/run-context.js';
import { againLater } from '../../helpers/again-later.js';
import { deploymentJob, unitRunDeps } from '../../helpers/run-deps.js';

/** A deployment whose CI was triggered at the clock's time; the context and a fresh read of its record. */
async function started(t: ReturnType<typeof unitRunDeps>, timeoutMinutes?: number) {
  const job = deploymentJob();
  const run = resolveRun(job, null, t.deps) as RunContext;
  if (timeoutMinutes !== undefined) run.timeoutMs = timeoutMinutes * 60_000;
  const id = job.deployment.id;
  await t.runs.store.enter(id, run.line, 'main');
  await t.runs.store.tryStart(id, run.line);
  await t.runs.store.claimTrigger(id);
  const ciRun = { provider: 'circleci' as const, id: 'run-9', number: 9, logUrl: 'https://ci.example/9' };
  await t.runs.store.saveRun(id, ciRun, t.clock.now(), ['run-9']);
  await t.runs.store.setLastStatus(id, 'in_progress|FakeCI started pipeline #9|https://ci.example/9');
  return { run, id, record: async () => (await t.runs.store.read(id))! };
}

async function look(t: ReturnType<typeof unitRunDeps>, s: Awaited<ReturnType<typeof started>>) {
  return againLater(followDeployment(t.deps, s.run, await s.record()));
}

const states = (t: ReturnType<typeof unitRunDeps>) =>
  t.github.posted.map((p) => [p.status.state, p.status.description]);

describe('followDeployment', () => {
  it('ends the deployment with the outcome the CI reports, and frees the line', async () => {
    const t = unitRunDeps();
    const s = await started(t);
    t.ci.fake.observation = { phase: 'done', outcome: 'failure', description: 'FakeCI workflow failed: deploy' };
    expect(await look(t, s)).toBeNull();
    expect(states(t)).toEqual([['failure', 'FakeCI workflow failed: deploy']]);
    expect(t.runs.runners.size).toBe(0);
    expect((await s.record()).phase).toBe('done');
  });

  it('keeps the first in_progress while the CI runs, and looks again with a growing delay', async () => {
    const t = unitRunDeps();
    const s = await started(t);
    expect((await look(t, s))?.delayMs).toBe(1000);
    expect((await look(t, s))?.delayMs).toBe(1500);
    expect(states(t)).toEqual([]);
  });

  it('says when the CI waits for an approval, and again when it runs on', async () => {
    const t = unitRunDeps();
    const s = await started(t);
    t.ci.fake.observation = { phase: 'on_hold', description: 'waiting for approval in FakeCI (approve)' };
    await look(t, s);
    await look(t, s);
    t.ci.fake.observation = { phase: 'running', description: 'FakeCI running: deploy' };
    await look(t, s);
    expect(states(t)).toEqual([
      ['in_progress', 'waiting for approval in FakeCI (approve)'],
      ['in_progress', 'FakeCI running: deploy'],
    ]);
  });

  it('cancels the CI run at the timeout and ends in error, saying after how long', async () => {
    const t = unitRunDeps();
    const s = await started(t, 5);
    t.clock.ms += 5 * 60_000 + 1;
    expect(await look(t, s)).toBeNull();
    expect(states(t)).toEqual([['error', 'timed out after 5m 00s; the FakeCI run was cancelled']]);
    expect(t.ci.called('cancel')).toHaveLength(1);
  });

  it('stops the CI run on a cancel, naming who asked', async () => {
    const t = unitRunDeps();
    const s = await started(t);
    await t.runs.store.requestCancel(s.id, { slack_user_id: 'U0CAROL', name: 'carol' });
    await look(t, s);
    expect(states(t)).toEqual([['error', 'cancelled by carol; the CI run was stopped']]);
    expect(t.ci.called('cancel')).toHaveLength(1);
  });

  it('watchdog: a CI that has not started within the start watchdog is cancelled', async () => {
    const t = unitRunDeps();
    const s = await started(t);
    t.ci.fake.observation = { phase: 'pending' };
    t.clock.ms += 600_001;
    await look(t, s);
    expect(states(t)).toEqual([['error', 'watchdog: FakeCI did not start within 10m 00s']]);
  });

  it('watchdog: a CI that keeps failing is waited for, then ends the deployment with the last error', async () => {
    const t = unitRunDeps();
    const s = await started(t);
    t.ci.fake.observeError = new ExternalApiError('circleci', 'CircleCI answered 502 to GET /x: bad gateway', {
      status: 502,
      retryable: true,
    });
    t.clock.ms += 60_000;
    expect((await look(t, s))?.reason).toBe('CircleCI answered 502 to GET /x: bad gateway');
    t.clock.ms += 900_000;
    expect(await look(t, s)).toBeNull();
    expect(states(t)).toEqual([
      ['error', 'watchdog: no answer from FakeCI for 16m 00s (CircleCI answered 502 to GET /x: bad gateway)'],
    ]);
  });

  it('ends a claimed deployment whose run was never recorded in error, without a second trigger', async () => {
    const t = unitRunDeps();
    const s = await started(t);
    const record = { ...(await s.record()), run: null };
    await followDeployment(t.deps, s.run, record);
    expect(states(t)[0]?.[1]).toMatch(/^heaven stopped while starting the CI/);
    expect(t.ci.called('trigger')).toEqual([]);
  });

  it('backs off polling ×1.5 up to the maximum', () => {
    expect([0, 1, 2, 3, 10].map((n) => nextPollDelay(n, 10_000, 60_000))).toEqual([
      10_000, 15_000, 22_500, 33_750, 60_000,
    ]);
  });
});
