import { afterEach, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { jobId, QUEUES, type ReviewTeardownJob } from '@chatops/shared/contracts';
import { createLogger, createReviewEnvironmentStore, parseAppsConfig, type Service } from '@chatops/shared/runtime';
import { deleteEvent, githubWebhookHeaders, pullRequestClosedEvent, repositoryObject, waitFor } from '@chatops/testkit';
import { createHeaven } from '../../src/create-heaven.js';
import { heavenEnv, startHarness, type Harness, type HarnessOptions } from '../helpers/harness.js';

const CONFIG = `
apps:
  api:
    repository: acme/api
    provider: circleci
    circleci: { project_slug: gh/acme/api }
    environments:
      staging: {}
      review: { transient: true, ttl_hours: 24 }
`;

const HOUR = 3_600_000;
const repo = repositoryObject({ owner: 'acme', name: 'api' });

/** A clock both heavens read; the test moves it (no sleeping for hours). */
function testClock() {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms: number) {
      offset += ms;
    },
  };
}

type Replicas = { h: Harness; second: Service; secondUrl: string; clock: ReturnType<typeof testClock> };

/** Two heavens on one Redis prefix, one fake GitHub and one fake CircleCI (the harness's). */
async function startReplicas(options: HarnessOptions = {}): Promise<Replicas> {
  const clock = testClock();
  const h = await startHarness({ config: CONFIG, ...options, overrides: { clock } });
  const env = heavenEnv(h, {
    PUBLIC_URL: 'http://heaven.test',
    HEAVEN_LOG_DIR: h.logDir,
    HEAVEN_POLL_INTERVAL_MS: '40',
    HEAVEN_POLL_MAX_MS: '150',
    GITHUB_RETRIES: '0',
    GITHUB_WRITE_INTERVAL_MS: '0',
  });
  const second = createHeaven({
    env,
    apps: parseAppsConfig(CONFIG),
    logger: createLogger({ name: 'heaven-2', level: process.env.HEAVEN_TEST_LOG ?? 'silent' }),
    overrides: { metricsDefaults: false, clock },
  });
  await second.ready();
  const secondUrl = await second.app.listen({ port: 0, host: '127.0.0.1' });
  return { h, second, secondUrl: `${secondUrl}/webhooks/github`, clock };
}

describe('review environments that clean up after themselves (two heavens, one Redis)', () => {
  let r: Replicas | undefined;
  let announcements: Queue | undefined;
  afterEach(async () => {
    await announcements?.close();
    await r?.second.close();
    await r?.h.close();
    announcements = undefined;
    r = undefined;
  });

  /** Until the deployment's job has finished (its success status is posted before its end is recorded). */
  async function finished(h: Harness, id: number): Promise<void> {
    const deployments = new Queue(QUEUES.deployments, { connection: h.redis, prefix: h.prefix });
    try {
      await waitFor(
        async () => (await (await deployments.getJob(`deployment-${id}`))?.getState()) === 'completed',
        `the job of deployment ${id} to finish`,
      );
    } finally {
      await deployments.close();
    }
  }

  /** A deployment of branch `branch` to its review environment from chat (channel C0REVIEW), to its end. */
  async function deployReview(h: Harness, branch: string): Promise<number> {
    h.github.push('acme/api', branch);
    const id = await h.deploy({
      ref: branch,
      environment: `review-${branch}`,
      transient: true,
      chatops: { slack: { channel: 'C0REVIEW' } },
    });
    await h.waitForState(id, 'success');
    await finished(h, id);
    return id;
  }

  const store = (h: Harness) => createReviewEnvironmentStore(h.redis, h.prefix);
  const destroys = (h: Harness) => h.github.deployments.filter((d) => d.task === 'destroy');
  const deletes = (h: Harness) => h.github.requests.filter((q) => q.method === 'DELETE');

  /** Waits until the teardown of `environment` ended (its record is gone); returns the announcement jobs. */
  async function tornDown(h: Harness, environment: string): Promise<ReviewTeardownJob[]> {
    await waitFor(async () => (await store(h).get('acme/api', environment)) === null, `${environment} forgotten`);
    announcements ??= new Queue(QUEUES.announcements, { connection: h.redis, prefix: h.prefix });
    const jobs = await announcements.getJobs(['waiting', 'delayed', 'active', 'completed']);
    return jobs.map((j) => j.data as ReviewTeardownJob);
  }

  it('records a review deployment, and tears it down once after ttl_hours without a deployment', async () => {
    r = await startReplicas();
    const { h, clock } = r;
    const deployed = await deployReview(h, 'feat-x');
    const staging = await h.deploy({ environment: 'staging' });
    await h.waitForState(staging, 'success');
    const record = await store(h).get('acme/api', 'review-feat-x');
    expect(record).toMatchObject({
      repository: 'acme/api',
      app: 'api',
      config_environment: 'review',
      environment: 'review-feat-x',
      branch: 'feat-x',
      last_deployment_id: deployed,
      channel: 'C0REVIEW',
    });
    expect(record?.teardown).toBeUndefined();
    // A non-transient environment is never recorded, so never torn down.
    expect((await store(h).list()).map((e) => e.environment)).toEqual(['review-feat-x']);

    clock.advance(24 * HOUR + 1);
    const [destroy] = await waitFor(() => (destroys(h).length > 0 ? destroys(h) : null), 'a destroy deployment');
    expect(destroy).toMatchObject({
      environment: 'review-feat-x',
      ref: h.github.deployments.find((d) => d.id === deployed)!.sha,
      task: 'destroy',
      transient_environment: true,
      description: 'teardown of review-feat-x: no deployment for 24h',
    });
    const jobs = await tornDown(h, 'review-feat-x');
    expect(destroys(h)).toHaveLength(1);
    expect(h.github.statusesOf(deployed).map((s) => [s.state, s.description])).toEqual([
      ['in_progress', 'CircleCI started pipeline #1'],
      ['success', 'CircleCI workflow deploy succeeded'],
      ['inactive', `environment review-feat-x destroyed by deployment #${destroy!.id}`],
    ]);
    expect(h.states(destroy!.id)).toEqual(['in_progress', 'success', 'inactive']);
    expect(h.states(staging)).toEqual(['in_progress', 'success']);
    expect(deletes(h).map((q) => q.path)).toEqual(['/repos/acme/api/environments/review-feat-x']);
    expect(h.github.environmentsOf('acme/api')).toEqual(['staging']);
    expect(h.circle.pipelines.map((p) => p.parameters.chatops_task)).toEqual(['deploy', 'deploy', 'destroy']);
    expect(jobs).toEqual([
      {
        repository: 'acme/api',
        app: 'api',
        config_environment: 'review',
        environment: 'review-feat-x',
        branch: 'feat-x',
        reason: 'expired',
        ttl_hours: 24,
        destroy_id: destroy!.id,
        inactive: 2,
        github_environment: 'deleted',
        channel: 'C0REVIEW',
      },
    ]);
  });

  it('a deployment starts the ttl again', async () => {
    r = await startReplicas();
    const { h, clock } = r;
    await deployReview(h, 'feat-t');
    clock.advance(20 * HOUR);
    const again = await h.deploy({ ref: 'feat-t', environment: 'review-feat-t', transient: true });
    await h.waitForState(again, 'success');
    await finished(h, again);
    clock.advance(20 * HOUR);
    const record = await store(h).get('acme/api', 'review-feat-t');
    expect(record?.last_deployment_id).toBe(again);
    // Two sweeps of each heaven later (a staging deployment runs through several), still there.
    const staging = await h.deploy({ environment: 'staging' });
    await h.waitForState(staging, 'success');
    expect(destroys(h)).toEqual([]);
    clock.advance(4 * HOUR + 1);
    await tornDown(h, 'review-feat-t');
    expect(destroys(h)).toHaveLength(1);
  });

  it('tears down once when the pull request is merged, redelivered, and sent to both heavens', async () => {
    r = await startReplicas();
    const { h, secondUrl } = r;
    const first = h.github.options.webhookUrl!;
    const deployed = await deployReview(h, 'feat-y');
    const event = pullRequestClosedEvent({ number: 7, branch: 'feat-y', merged: true }, repo);
    expect(await h.github.deliver('pull_request', event)).toBe(202);
    const delivery = h.github.deliveries.at(-1)!.id;
    expect(await h.github.redeliver(delivery)).toBe(200);
    h.github.options.webhookUrl = secondUrl;
    expect(await h.github.deliver('pull_request', event)).toBe(200);
    // The same news in another body (GitHub sent it again later): another digest, the same job.
    expect(await h.github.deliver('pull_request', { ...event, zen: 'again' })).toBe(202);
    h.github.options.webhookUrl = first;
    const jobs = await tornDown(h, 'review-feat-y');
    const [destroy] = destroys(h);
    expect(destroys(h)).toHaveLength(1);
    expect(destroy!.description).toBe('teardown of review-feat-y: pull request #7 merged');
    expect(h.states(deployed)).toEqual(['in_progress', 'success', 'inactive']);
    expect(deletes(h)).toHaveLength(1);
    expect(jobs).toEqual([
      {
        repository: 'acme/api',
        app: 'api',
        config_environment: 'review',
        environment: 'review-feat-y',
        branch: 'feat-y',
        reason: 'pr-merged',
        pr: 7,
        destroy_id: destroy!.id,
        inactive: 2,
        github_environment: 'deleted',
        channel: 'C0REVIEW',
      },
    ]);
  });

  it('tears down once when the branch is deleted, delivered to both heavens', async () => {
    r = await startReplicas({ github: { environmentAdmin: false } });
    const { h, secondUrl } = r;
    const first = h.github.options.webhookUrl!;
    await deployReview(h, 'feat-z');
    const event = deleteEvent({ ref: 'feat-z', refType: 'branch' }, repo);
    expect(await h.github.deliver('delete', event)).toBe(202);
    h.github.options.webhookUrl = secondUrl;
    expect(await h.github.deliver('delete', { ...event, zen: 'again' })).toBe(202);
    h.github.options.webhookUrl = first;
    const jobs = await tornDown(h, 'review-feat-z');
    expect(destroys(h)).toHaveLength(1);
    expect(deletes(h)).toHaveLength(1);
    // Without the Administration permission GitHub answers 403: the environment stays, and it is said.
    expect(h.github.environmentsOf('acme/api')).toEqual(['review-feat-z']);
    expect(jobs.map((j) => [j.reason, j.github_environment, j.pr])).toEqual([
      ['branch-deleted', 'forbidden', undefined],
    ]);
  });

  it('does nothing for a pull request of a branch without a review environment, nor for a tag deleted', async () => {
    r = await startReplicas();
    const { h } = r;
    await deployReview(h, 'feat-w');
    const ci = new Queue(QUEUES.ciEvents, { connection: h.redis, prefix: h.prefix });
    try {
      const event = pullRequestClosedEvent({ number: 9, branch: 'feat-none', merged: false }, repo);
      expect(await h.github.deliver('pull_request', event)).toBe(202);
      const closedAt = String((event.pull_request as { closed_at: string }).closed_at);
      const closedJob = jobId('branch-closed', 'acme/api', 'feat-none', 'b58e5bd74883', 9, closedAt);
      await waitFor(
        async () => (await (await ci.getJob(closedJob))?.getState()) === 'completed',
        'the branch-closed job to finish',
      );
      expect(await h.github.deliver('delete', deleteEvent({ ref: 'feat-w', refType: 'tag' }, repo))).toBe(202);
      expect(h.github.deliveries.at(-1)?.status).toBe(202);
    } finally {
      await ci.close();
    }
    expect(destroys(h)).toEqual([]);
    expect(deletes(h)).toEqual([]);
    expect(await store(h).get('acme/api', 'review-feat-w')).not.toBeNull();
  });

  it('refuses an unsigned pull_request or delete webhook', async () => {
    r = await startReplicas();
    const { h } = r;
    await deployReview(h, 'feat-u');
    for (const [name, event] of [
      ['pull_request', pullRequestClosedEvent({ number: 3, branch: 'feat-u', merged: true }, repo)],
      ['delete', deleteEvent({ ref: 'feat-u', refType: 'branch' }, repo)],
    ] as const) {
      const body = JSON.stringify(event);
      const headers = await githubWebhookHeaders(name, body, 'not-the-webhook-secret');
      const res = await fetch(h.github.options.webhookUrl!, { method: 'POST', headers, body });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'signature does not match (check GITHUB_WEBHOOK_SECRET)' });
    }
    const ci = new Queue(QUEUES.ciEvents, { connection: h.redis, prefix: h.prefix });
    try {
      const jobs = await ci.getJobs(['waiting', 'active', 'completed', 'delayed', 'failed']);
      expect(jobs.filter((j) => j.name === 'branch-closed')).toEqual([]);
    } finally {
      await ci.close();
    }
    expect(destroys(h)).toEqual([]);
    expect((await store(h).get('acme/api', 'review-feat-u'))?.teardown).toBeUndefined();
  });
});
