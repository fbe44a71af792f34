import { describe, expect, it } from '@jest/globals';
import { ExternalApiError } from '@chatops/shared/contracts';
import { runDeployment } from '../../../src/run/run-deployment.js';
import { againLater } from '../../helpers/again-later.js';
import { signedChatops } from '../../helpers/chatops.js';
import { deploymentJob, unitRunDeps } from '../../helpers/run-deps.js';

const target = { repository: 'acme/api', environment: 'staging', ref: 'main', task: 'deploy' };
const signed = (slackUserId = 'U0ALICE', name = 'alice') =>
  ({ chatops: signedChatops(target, { requester: { slack_user_id: slackUserId, name } }) }) as Record<string, unknown>;

/** Runs one look; the RunAgainLater it ends with (or null when the deployment ended). */
const look = (...args: Parameters<typeof runDeployment>) => againLater(runDeployment(...args));

describe('runDeployment: the first look', () => {
  it('triggers the CI once on the ref the provider prepared, says in_progress, looks again after pollMs', async () => {
    const t = unitRunDeps();
    const job = deploymentJob({ payload: signed() });
    const again = await look(job, t.deps);
    expect(again?.delayMs).toBe(1000);
    expect(t.ci.called('trigger')).toEqual([{ method: 'trigger', ref: { branch: 'main' } }]);
    expect(t.github.posted.map((p) => p.status)).toEqual([
      {
        state: 'in_progress',
        description: 'FakeCI started pipeline #1',
        log_url: 'https://ci.example/1',
        environment_url: 'https://staging.api.acme.dev',
      },
    ]);
    const record = t.runs.records.get(job.deployment.id)!;
    expect(record).toMatchObject({ phase: 'running', claimed: true, run: { id: 'run-1' } });
  });

  it('waits for its place behind the runner, saying for what, and looks again after the longest poll', async () => {
    const t = unitRunDeps();
    const first = deploymentJob({ payload: signed() });
    await look(first, t.deps);
    const second = deploymentJob({ ref: 'feat/x', payload: {} });
    const again = await look(second, t.deps);
    expect(again?.delayMs).toBe(60_000);
    expect(t.github.posted.at(-1)?.status).toEqual({
      state: 'queued',
      description: `waiting for deployment #${first.deployment.id} (main) to finish`,
      environment_url: 'https://staging.api.acme.dev',
    });
    expect(t.ci.called('trigger')).toHaveLength(1);
  });

  it('frees the place of a runner that gave no sign of life for twice the watchdog, then runs', async () => {
    const t = unitRunDeps();
    const gone = deploymentJob({ payload: signed() });
    await look(gone, t.deps);
    t.clock.ms += 2 * 900_000 + 1;
    const next = deploymentJob({ payload: {} });
    await look(next, t.deps);
    expect(t.runs.runners.get('acme/api:staging')).toBeUndefined();
    expect(t.runs.lines('acme/api:staging')).toEqual([next.deployment.id]);
    await look(next, t.deps);
    expect(t.runs.runners.get('acme/api:staging')).toBe(next.deployment.id);
  });

  it('answers an unknown environment with an error status, and ignores an unknown repository', async () => {
    const t = unitRunDeps();
    await look(deploymentJob({ id: 7, environment: 'moon' }), t.deps);
    await look(deploymentJob({ id: 8 }, 'acme/elsewhere'), t.deps);
    expect(t.github.posted).toEqual([
      {
        repo: { owner: 'acme', repo: 'api' },
        id: 7,
        status: { state: 'error', description: 'environment moon is not in the chatops config' },
      },
    ]);
    expect(t.runs.records.size).toBe(0);
  });

  it('ends in error with the reason the provider gives before the trigger, without claiming it', async () => {
    const t = unitRunDeps();
    t.ci.fake.plan = { refused: 'CircleCI would refuse the pipeline: chatops_params would be 600 characters long' };
    const job = deploymentJob({ payload: signed() });
    expect(await look(job, t.deps)).toBeNull();
    expect(t.github.posted.map((p) => [p.status.state, p.status.description])).toEqual([
      ['error', 'CircleCI would refuse the pipeline: chatops_params would be 600 characters long'],
    ]);
    expect(t.ci.called('trigger')).toEqual([]);
    expect(t.runs.records.get(job.deployment.id)).toMatchObject({ phase: 'done', claimed: false });
  });

  it('ends in error with the CI refusal (a 4xx), and gives the claim back on a 5xx for the retry', async () => {
    const t = unitRunDeps();
    t.ci.fake.triggerError = new ExternalApiError('circleci', 'CircleCI answered 400 to POST /x: bad', {
      status: 400,
      retryable: false,
    });
    const refused = deploymentJob({ payload: signed() });
    expect(await look(refused, t.deps)).toBeNull();
    expect(t.github.posted.at(-1)?.status).toMatchObject({
      state: 'error',
      description: 'CircleCI answered 400 to POST /x: bad',
    });
    t.ci.fake.triggerError = new ExternalApiError('circleci', 'CircleCI answered 503', {
      status: 503,
      retryable: true,
    });
    const busy = deploymentJob({ payload: {} });
    await expect(runDeployment(busy, t.deps)).rejects.toThrow('CircleCI answered 503');
    expect(t.runs.records.get(busy.deployment.id)?.claimed).toBe(false);
  });

  it('never triggers twice: a claimed deployment without a recorded run ends in error', async () => {
    const t = unitRunDeps();
    const job = deploymentJob({ payload: signed() });
    await t.runs.store.enter(job.deployment.id, 'acme/api:staging', 'main');
    await t.runs.store.claimTrigger(job.deployment.id);
    expect(await look(job, t.deps)).toBeNull();
    expect(t.github.posted.at(-1)?.status.description).toBe(
      'heaven stopped while starting the CI and cannot tell whether it started; check the CI before deploying again',
    );
    expect(t.ci.called('trigger')).toEqual([]);
  });

  it('never runs again a deployment that already ended in GitHub (replayed after its record expired)', async () => {
    const t = unitRunDeps();
    // Created 15 days ago: its record (kept 14 days after it ended) is gone; a replay is possible.
    const job = deploymentJob({ payload: signed(), created_at: '2026-11-11T10:00:00Z' });
    const waiting = deploymentJob({ payload: {} });
    await t.runs.store.enter(waiting.deployment.id, 'acme/api:staging', 'main');
    for (const state of ['success', 'failure', 'error', 'inactive'] as const) {
      t.github.posted.length = 0;
      t.runs.records.clear();
      t.github.posted.push({
        repo: { owner: 'acme', repo: 'api' },
        id: job.deployment.id,
        status: { state, description: 'done' },
      });
      expect(await look(job, t.deps)).toBeNull();
      expect(t.ci.called('trigger')).toEqual([]);
      expect(t.github.posted).toHaveLength(1);
      expect(t.runs.records.get(job.deployment.id)).toMatchObject({ phase: 'done' });
    }
    expect(t.woken).toContain(waiting.deployment.id);
    expect(t.logs.map((l) => l.msg)).toContain(
      `deployment #${job.deployment.id} already ended in GitHub (inactive): not run again (a replayed webhook?)`,
    );
  });

  it('asks GitHub nothing about a deployment younger than a day (no replay can be that young)', async () => {
    const t = unitRunDeps();
    const job = deploymentJob({ payload: signed() });
    await look(job, t.deps);
    expect(t.github.statusLookups).toEqual([]);
    expect(t.ci.called('trigger')).toHaveLength(1);
  });

  it('runs a deployment whose newest GitHub status is not an end (queued by another tool)', async () => {
    const t = unitRunDeps();
    const job = deploymentJob({ payload: signed(), created_at: '2026-11-11T10:00:00Z' });
    t.github.posted.push({
      repo: { owner: 'acme', repo: 'api' },
      id: job.deployment.id,
      status: { state: 'queued', description: 'x' },
    });
    await look(job, t.deps);
    expect(t.github.statusLookups).toEqual([job.deployment.id]);
    expect(t.ci.called('trigger')).toHaveLength(1);
  });

  it('ends a deployment cancelled before it started without a trigger', async () => {
    const t = unitRunDeps();
    const job = deploymentJob({ payload: {} });
    await t.runs.store.enter(job.deployment.id, 'acme/api:staging', 'main');
    await t.runs.store.requestCancel(job.deployment.id, { slack_user_id: 'U0CAROL', name: 'carol' });
    await look(job, t.deps);
    expect(t.github.posted.map((p) => p.status.description)).toEqual(['cancelled by carol before it started']);
    expect(t.ci.called('trigger')).toEqual([]);
  });
});

describe('runDeployment: locks and what is signed', () => {
  const lock = {
    repository: 'acme/api',
    environment: 'staging',
    holder: { slack_user_id: 'U0ALICE', name: 'alice' },
    reason: 'load testing',
    locked_at: '2026-11-26T08:00:00Z',
  };
  const REFUSAL = 'staging is locked by alice 2h 00m ago: load testing';

  it('lets the holder through when the bot signed the deployment for her', async () => {
    const t = unitRunDeps();
    await t.locks.acquire(lock);
    await look(deploymentJob({ payload: signed('U0ALICE') }), t.deps);
    expect(t.ci.called('trigger')).toHaveLength(1);
  });

  it('refuses anyone else, naming holder, age and reason', async () => {
    const t = unitRunDeps();
    await t.locks.acquire(lock);
    await look(deploymentJob({ payload: signed('U0BOB', 'bob') }), t.deps);
    expect(t.github.posted.map((p) => [p.status.state, p.status.description])).toEqual([['error', REFUSAL]]);
    expect(t.ci.called('trigger')).toEqual([]);
  });

  it.each([
    ['unsigned', () => ({ chatops: { ...(signed().chatops as object), signature: undefined } })],
    [
      'altered (another requester)',
      () => {
        const chatops = signed().chatops as Record<string, unknown>;
        return { chatops: { ...chatops, requester: { slack_user_id: 'U0MALLORY', name: 'alice' } } };
      },
    ],
    [
      'signed with another secret',
      () => ({
        chatops: signedChatops(
          target,
          { requester: { slack_user_id: 'U0ALICE', name: 'alice' } },
          'another-secret-0123456789',
        ),
      }),
    ],
    [
      'signed for another ref',
      () => ({
        chatops: signedChatops(
          { ...target, ref: 'release' },
          { requester: { slack_user_id: 'U0ALICE', name: 'alice' } },
        ),
      }),
    ],
  ])('treats a payload %s as made outside chat: the lock applies, with a warning', async (_name, payload) => {
    const t = unitRunDeps();
    await t.locks.acquire(lock);
    const job = deploymentJob({ payload: payload() as Record<string, unknown> });
    await look(job, t.deps);
    expect(t.github.posted.map((p) => p.status.description)).toEqual([REFUSAL]);
    expect(t.ci.called('trigger')).toEqual([]);
    expect(t.logs.filter((l) => l.level === 40)).toEqual([
      expect.objectContaining({
        deploymentId: job.deployment.id,
        msg: 'deployment carries a chatops payload the bot did not sign for it; treated as made outside chat',
      }),
    ]);
  });

  it("treats a replay of another deployment's signed payload as made outside chat", async () => {
    const t = unitRunDeps();
    const payload = signed('U0ALICE');
    const first = deploymentJob({ payload });
    await look(first, t.deps);
    t.ci.fake.observation = { phase: 'done', outcome: 'success', description: 'FakeCI succeeded' };
    await look(first, t.deps);
    await t.locks.acquire(lock);
    const replay = deploymentJob({ payload });
    await look(replay, t.deps);
    expect(t.github.posted.filter((p) => p.id === replay.deployment.id).map((p) => p.status.description)).toEqual([
      REFUSAL,
    ]);
    expect(t.logs.filter((l) => l.level === 40)).toEqual([
      expect.objectContaining({
        deploymentId: replay.deployment.id,
        msg: "deployment replays another deployment's signed chatops payload; treated as made outside chat",
      }),
    ]);
  });

  it('warns once per deployment, not at every look of its job', async () => {
    const t = unitRunDeps();
    await look(deploymentJob({ payload: signed() }), t.deps);
    const forged = deploymentJob({
      payload: { chatops: { version: 1, app: 'api', requester: { slack_user_id: 'U0X' } } },
    });
    for (let i = 0; i < 3; i++) await look(forged, t.deps);
    expect(t.github.posted.filter((p) => p.id === forged.deployment.id).map((p) => p.status.state)).toEqual(['queued']);
    expect(t.logs.filter((l) => l.level === 40)).toHaveLength(1);
  });

  it('gives the CI only signed params and noop: an unsigned payload deploys with none', async () => {
    const t = unitRunDeps();
    const unsigned = { chatops: { ...(signed().chatops as object), noop: true, signature: `v1=${'0'.repeat(64)}` } };
    const job = deploymentJob({ payload: unsigned });
    let seen: unknown = 'not asked';
    t.ci.provider.prepare = async (ctx) => {
      seen = ctx.chatops;
      return { ref: { branch: 'main' } };
    };
    await look(job, t.deps);
    expect(seen).toBeNull();
  });
});
