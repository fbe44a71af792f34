import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import type { ReviewDeployment, ReviewTeardownJob } from '@chatops/shared/contracts';
import { createReviewEnvironmentStore } from '@chatops/shared/runtime';
import { deleteKeysWithPrefix, REDIS_URL, testPrefix } from '@chatops/testkit';
import { finishTeardown, sweepReviews, teardownBranch } from '../../src/run/review-environments.js';
import { resolveRun, type RunContext } from '../../src/run/run-context.js';
import type { GitHubPort } from '../../src/ports.js';
import { deploymentJob, unitRunDeps } from '../helpers/run-deps.js';
import type { FakeGitHubState } from '../fakes/fake-github-port.js';

const CONFIG = `
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      staging: {}
      review: { transient: true, ttl_hours: 1 }
`;
const HOUR = 3_600_000;
const MINUTE = 60_000;

describe('the review environments of heaven (real Redis, a fake GitHub port)', () => {
  let redis: Redis;
  let prefix: string;
  beforeEach(() => {
    redis = new Redis(REDIS_URL);
    prefix = testPrefix('review-sweep');
  });
  afterEach(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  function setUp(github: Partial<FakeGitHubState> = {}) {
    const unit = unitRunDeps({ config: CONFIG, github });
    const reviews = createReviewEnvironmentStore(redis, prefix);
    const announced: ReviewTeardownJob[] = [];
    const deps = {
      ...unit.deps,
      reviews,
      announce: async (job: ReviewTeardownJob) => {
        announced.push(job);
      },
    };
    return { ...unit, deps, reviews, announced };
  }

  const review = (at: number, over: Partial<ReviewDeployment> = {}): ReviewDeployment => ({
    repository: 'acme/api',
    app: 'api',
    config_environment: 'review',
    environment: 'review-feat-x',
    branch: 'feat-x',
    sha: 'b'.repeat(40),
    last_deploy_at: at,
    last_deployment_id: 40,
    ...over,
  });

  it('tears down past ttl_hours once, and takes over a claim whose heaven died before its destroy', async () => {
    const t = setUp();
    const now = t.clock.ms;
    await t.reviews.touch(review(now), now);
    expect(await sweepReviews(t.deps)).toEqual([]);
    t.clock.ms = now + HOUR;
    expect(await sweepReviews(t.deps)).toEqual(['review-feat-x']);
    expect(await sweepReviews(t.deps)).toEqual([]);
    expect(t.github.created).toEqual([
      {
        repo: { owner: 'acme', repo: 'api' },
        ref: 'b'.repeat(40),
        environment: 'review-feat-x',
        task: 'destroy',
        description: 'teardown of review-feat-x: no deployment for 1h',
        transient: true,
        production: false,
      },
    ]);
    expect((await t.reviews.get('acme/api', 'review-feat-x'))?.teardown).toEqual({
      reason: 'expired',
      at: now + HOUR,
      destroy_id: 5000,
    });

    // Another environment: claimed by a heaven that died before creating its destroy.
    await t.reviews.touch(review(now, { environment: 'review-b', branch: 'b' }), now);
    await t.reviews.claimTeardown('acme/api', 'review-b', { reason: 'branch-deleted', at: now + HOUR });
    t.clock.ms = now + HOUR + 2 * MINUTE;
    await sweepReviews(t.deps);
    expect(t.github.created).toHaveLength(1);
    t.clock.ms = now + HOUR + 2 * MINUTE + 1;
    await sweepReviews(t.deps);
    await sweepReviews(t.deps);
    expect(t.github.created.map((c) => [c.environment, c.description])).toEqual([
      ['review-feat-x', 'teardown of review-feat-x: no deployment for 1h'],
      ['review-b', 'teardown of review-b: branch deleted'],
    ]);
  });

  it('adopts a destroy deployment the dead heaven made, rather than making a second one', async () => {
    const t = setUp({ deployments: { 'review-feat-x': [{ id: 77, sha: 'b'.repeat(40), task: 'destroy' }] } });
    const now = t.clock.ms;
    await t.reviews.touch(review(now), now);
    await t.reviews.claimTeardown('acme/api', 'review-feat-x', { reason: 'pr-closed', at: now, pr: 5 });
    t.clock.ms = now + 3 * MINUTE;
    await sweepReviews(t.deps);
    expect(t.github.created).toEqual([]);
    expect((await t.reviews.get('acme/api', 'review-feat-x'))?.teardown?.destroy_id).toBe(77);
  });

  it('never tears down what the config no longer makes transient, nor a branch of another repository', async () => {
    const t = setUp();
    const now = t.clock.ms;
    await t.reviews.touch(review(now, { config_environment: 'staging', environment: 'staging-x' }), now);
    await t.reviews.touch(review(now, { app: 'gone' }), now);
    t.clock.ms = now + 1000 * HOUR;
    expect(await sweepReviews(t.deps)).toEqual([]);
    expect(
      await teardownBranch(t.deps, { repository: 'acme/other', branch: 'feat-x', reason: 'branch-deleted' }),
    ).toEqual([]);
    expect(
      await teardownBranch(t.deps, { repository: 'acme/api', branch: 'feat-x', reason: 'branch-deleted' }),
    ).toEqual([]);
    expect(t.github.created).toEqual([]);
  });

  it('after the destroy: says the environment stays when GitHub refuses to delete it, and forgets it', async () => {
    const t = setUp();
    const port: GitHubPort = t.github.port;
    port.deleteEnvironment = async () => 'forbidden';
    const now = t.clock.ms;
    await t.reviews.touch(review(now, { channel: 'C0REVIEW' }), now);
    await t.reviews.claimTeardown('acme/api', 'review-feat-x', { reason: 'pr-merged', at: now, pr: 9 });
    const run = resolveRun(
      deploymentJob({ id: 5001, environment: 'review-feat-x', task: 'destroy', transient_environment: true }),
      null,
      t.deps,
    ) as RunContext;
    await finishTeardown(t.deps, run, 3);
    expect(t.announced).toEqual([
      {
        repository: 'acme/api',
        app: 'api',
        config_environment: 'review',
        environment: 'review-feat-x',
        branch: 'feat-x',
        reason: 'pr-merged',
        pr: 9,
        destroy_id: 5001,
        inactive: 3,
        github_environment: 'forbidden',
        channel: 'C0REVIEW',
      },
    ]);
    expect(t.logs.find((l) => l.level === 50)?.msg).toBe(
      'GitHub refused to delete the environment (403): the GitHub App needs the Administration repository ' +
        'permission (write), a token the repo scope; the environment stays',
    );
    expect(await t.reviews.get('acme/api', 'review-feat-x')).toBeNull();
  });
});
