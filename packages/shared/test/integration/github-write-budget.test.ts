import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { ExternalApiError } from '@chatops/shared/contracts';
import {
  createGitHubClient,
  createGitHubWriteBudget,
  createMetrics,
  type GitHubWriteBudgetOptions,
  githubIdentity,
  githubWritesFromEnv,
  toGitHubError,
} from '@chatops/shared/runtime';
import { deleteKeysWithPrefix, FakeGitHub, REDIS_URL, testPrefix } from '@chatops/testkit';

const silent = { debug: () => undefined, warn: () => undefined };
const TOKEN = 'ghp_budget_token_0123456789';
const repo = { owner: 'acme', repo: 'api' };
const INTERVAL = 20;

async function failureOf(promise: Promise<unknown>): Promise<ExternalApiError> {
  try {
    await promise;
  } catch (e) {
    return toGitHubError(e, 'the write');
  }
  throw new Error('expected the call to fail');
}

describe('the GitHub write budget, shared through Redis', () => {
  let github: FakeGitHub;
  let prefix: string;
  const connections: Redis[] = [];
  /** A Redis connection of its own: each client stands for another process (replica). */
  const connect = () => {
    const redis = new Redis(REDIS_URL);
    connections.push(redis);
    return redis;
  };
  const budgetOf = (options: Partial<GitHubWriteBudgetOptions> = {}) =>
    createGitHubWriteBudget({
      redis: connect(),
      prefix,
      identity: githubIdentity({ token: TOKEN }),
      intervalMs: INTERVAL,
      perMinute: 0,
      perHour: 0,
      maxWaitMs: 2_000,
      ...options,
    });
  /** A replica's GitHub client: its own Redis connection and budget object, the shared budget in Redis. */
  const replica = (options: Partial<GitHubWriteBudgetOptions> & { token?: string } = {}) => {
    const token = options.token ?? TOKEN;
    return createGitHubClient({
      baseUrl: github.url,
      credentials: { token },
      retries: 0,
      writeIntervalMs: INTERVAL,
      writeBudget: { budget: budgetOf({ identity: githubIdentity({ token }), ...options }) },
      logger: silent,
    });
  };
  const deploy = (client: ReturnType<typeof createGitHubClient>, environment: string) =>
    client.rest.repos.createDeployment({ ...repo, ref: 'main', environment, auto_merge: false, required_contexts: [] });
  const writes = () => github.requests.filter((r) => r.method !== 'GET');

  beforeEach(async () => {
    // Strict as GitHub's secondary limits: a write that arrives while another is answered is refused.
    github = new FakeGitHub({ secondaryLimits: { concurrentWrites: 1 } });
    await github.start();
    github.addRepo('acme/api');
    prefix = testPrefix('write-budget');
  });
  afterEach(async () => {
    await github.stop();
    const [first] = connections;
    if (first) await deleteKeysWithPrefix(first, prefix);
    await Promise.all(connections.splice(0).map((r) => r.quit()));
  });

  it('sends the writes of two replicas one at a time, their slots at least the interval apart', async () => {
    // An hour ceiling far away: the slots are kept (an hour), and read below.
    const [a, b] = [replica({ perHour: 1000 }), replica({ perHour: 1000 })];
    // Warm: the first write of a client opens its connection (tens of ms) after its slot.
    await deploy(a, 'warm-a');
    await deploy(b, 'warm-b');
    // Each write takes 5 ms at the fake: writes sent together would overlap there.
    github.setFaults({ rate: 1, kinds: ['slow'], slowMs: 5, match: (r) => r.method !== 'GET' });
    github.maxWritesInFlight = 0;
    const started = Date.now();
    await Promise.all([0, 1, 2, 3, 4].flatMap((i) => [deploy(a, `a-${i}`), deploy(b, `b-${i}`)]));

    expect(writes()).toHaveLength(12);
    expect(github.maxWritesInFlight).toBe(1);
    expect(github.refusals).toEqual([]);
    // The slots as Redis handed them out: twelve, each at least the interval after the one before.
    const key = `${prefix}:github:write-budget:${githubIdentity({ token: TOKEN })}:slots`;
    const slots = (await connections[0]!.zrange(key, 0, -1, 'WITHSCORES')).filter((_v, i) => i % 2 === 1).map(Number);
    expect(slots).toHaveLength(12);
    for (let i = 1; i < slots.length; i += 1) expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(INTERVAL);
    // No write went out before its slot: the k-th to arrive came at least k - 1 intervals after the start.
    const arrivals = writes()
      .slice(2)
      .map((r) => r.at)
      .sort((x, y) => x - y);
    for (const [k, at] of arrivals.entries()) expect(at).toBeGreaterThanOrEqual(started - 1 + k * INTERVAL);
  });

  it('without the budget the same writes overlap at the fake (what the budget prevents)', async () => {
    github.setFaults({ rate: 1, kinds: ['slow'], slowMs: 10, match: (r) => r.method !== 'GET' });
    const unbudgeted = () =>
      createGitHubClient({ baseUrl: github.url, credentials: { token: TOKEN }, writeIntervalMs: 0, logger: silent });
    const [a, b] = [unbudgeted(), unbudgeted()];
    const results = await Promise.allSettled([0, 1, 2].flatMap((i) => [deploy(a, `a-${i}`), deploy(b, `b-${i}`)]));
    expect(github.maxWritesInFlight).toBeGreaterThan(1);
    // GitHub's secondary limit (as the fake enforces it) refuses the overlapping ones.
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect(github.refusals.length).toBe(refused.length);
    expect(github.refusals.every((r) => r.status === 403)).toBe(true);
  });

  it('holds the minute ceiling across replicas: the write past it fails retryably, for later', async () => {
    const [a, b] = [replica({ perMinute: 5 }), replica({ perMinute: 5 })];
    const results = await Promise.allSettled([0, 1, 2].flatMap((i) => [deploy(a, `a-${i}`), deploy(b, `b-${i}`)]));

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(writes()).toHaveLength(5);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    const error = toGitHubError(refused.reason, 'create deployment');
    expect(error).toBeInstanceOf(ExternalApiError);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^GitHub's write budget has no slot for \d+ s/);
    // Its slot is a minute after the first write's: the job is delayed until then, no attempt spent.
    expect(error.context?.retryAfterMs).toBeGreaterThan(50_000);
    expect(error.context?.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it("pauses the budget for every replica after one's Retry-After; reads go on", async () => {
    const [a, b] = [replica(), replica()];
    github.failNext('POST', /\/deployments$/, {
      status: 429,
      body: { message: 'API rate limit exceeded' },
      headers: { 'retry-after': '60' },
    });
    expect((await failureOf(deploy(a, 'a'))).context?.retryAfterMs).toBe(60_000);

    const paused = await failureOf(deploy(b, 'b'));
    expect(paused.retryable).toBe(true);
    expect(paused.context?.retryAfterMs).toBeGreaterThan(59_000);
    expect(paused.context?.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(writes()).toHaveLength(1);
    await b.rest.repos.listDeployments({ ...repo });
    expect(github.requests.at(-1)?.method).toBe('GET');
  });

  it("pauses the budget a minute after GitHub's secondary-limit answer without a Retry-After", async () => {
    const [a, b] = [replica(), replica()];
    github.failNext('POST', /\/deployments$/, {
      status: 403,
      body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
    });
    await failureOf(deploy(a, 'a'));
    const paused = await failureOf(deploy(b, 'b'));
    expect(paused.context?.retryAfterMs).toBeGreaterThan(59_000);
    expect(paused.context?.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(writes()).toHaveLength(1);
  });

  it('keeps a budget per identity: a pause of one token does not hold another', async () => {
    const other = 'ghp_other_budget_token_987654';
    const [a, b] = [replica(), replica({ token: other })];
    github.failNext('POST', /\/deployments$/, {
      status: 429,
      body: { message: 'slow down' },
      headers: { 'retry-after': '60' },
    });
    await failureOf(deploy(a, 'a'));
    await deploy(b, 'b');
    expect(writes()).toHaveLength(2);
    expect(githubIdentity({ token: other })).not.toBe(githubIdentity({ token: TOKEN }));
    expect(githubIdentity({ appId: '1', privateKey: 'k', installationId: '42' })).toBe('installation-42');
  });

  it('never stores the token: the keys name a hash of it, under the queue prefix', async () => {
    const a = replica({ perMinute: 80, perHour: 500 });
    await deploy(a, 'a');
    github.failNext('POST', /\/deployments$/, {
      status: 429,
      body: { message: 'slow down' },
      headers: { 'retry-after': '5' },
    });
    await failureOf(deploy(a, 'b'));
    const redis = connections[0]!;
    const keys = (await redis.keys(`${prefix}*`)).sort();
    const hash = createHash('sha256').update(TOKEN).digest('hex').slice(0, 32);
    expect(keys).toEqual([
      `${prefix}:github:write-budget:token-${hash}`,
      `${prefix}:github:write-budget:token-${hash}:slots`,
    ]);
    const stored = JSON.stringify([await redis.hgetall(keys[0]!), await redis.zrange(keys[1]!, 0, -1, 'WITHSCORES')]);
    expect(stored).not.toContain(TOKEN);
    expect(keys.join(' ')).not.toContain(TOKEN);
  });

  it('counts each write by route and its wait on the metrics, at GITHUB_WRITE_INTERVAL_MS=0 too', async () => {
    const env = {
      CHATOPS_QUEUE_PREFIX: prefix,
      GITHUB_TOKEN: TOKEN,
      GITHUB_API_URL: github.url,
      GITHUB_RETRIES: 0,
      GITHUB_WRITE_INTERVAL_MS: INTERVAL,
      GITHUB_WRITES_PER_MINUTE: 80,
      GITHUB_WRITES_PER_HOUR: 500,
      GITHUB_WRITE_MAX_WAIT_MS: 1000,
    };
    const metrics = createMetrics('test', { defaults: false });
    const client = (interval: number) =>
      createGitHubClient({
        baseUrl: github.url,
        credentials: { token: TOKEN },
        writeBudget: githubWritesFromEnv({ ...env, GITHUB_WRITE_INTERVAL_MS: interval }, connect(), metrics),
        logger: silent,
      });
    await deploy(client(INTERVAL), 'paced');
    await deploy(client(0), 'unpaced');
    await client(0).rest.repos.listDeployments({ ...repo });
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'chatops_github_writes_total{route="POST /repos/{owner}/{repo}/deployments",service="test"} 2',
    );
    // The wait is observed only where there is a budget: one write.
    expect(text).toContain('chatops_github_write_wait_seconds_count{service="test"} 1');
  });
});

describe('the budget reservation (an injected clock)', () => {
  let redis: Redis;
  let prefix: string;
  let now = 0;
  beforeEach(() => {
    redis = new Redis(REDIS_URL);
    prefix = testPrefix('write-slots');
    now = 1_000_000;
  });
  afterEach(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });
  const budget = (perMinute: number, perHour: number) =>
    createGitHubWriteBudget({
      redis,
      prefix,
      identity: 'installation-7',
      intervalMs: 10,
      perMinute,
      perHour,
      maxWaitMs: 100,
      now: () => now,
    });
  const waitOf = async (b: ReturnType<typeof budget>) => {
    try {
      const turn = await b.reserve();
      await turn.release();
      return turn.waitedMs;
    } catch (e) {
      return `refused ${(e as ExternalApiError).context?.retryAfterMs}`;
    }
  };

  it('slides the minute window: the third of two a minute waits until the first is a minute old', async () => {
    const b = budget(2, 0);
    expect(await waitOf(b)).toBe(0);
    now += 10;
    expect(await waitOf(b)).toBe(0);
    now += 10;
    expect(await waitOf(b)).toBe('refused 59980');
    now = 1_000_000 + 59_990;
    expect(await waitOf(b)).toBe(10);
  });

  it('slides the hour window, and a refused caller takes no slot', async () => {
    const b = budget(0, 3);
    for (let i = 0; i < 3; i += 1) {
      expect(await waitOf(b)).toBe(0);
      now += 10;
    }
    expect(await waitOf(b)).toBe('refused 3599970');
    expect(await waitOf(b)).toBe('refused 3599970');
    now = 1_000_000 + 3_600_000;
    expect(await waitOf(b)).toBe(0);
  });

  it('keeps no slots without a ceiling, and those of the minute only a minute', async () => {
    const key = `${prefix}:github:write-budget:installation-7`;
    expect(await waitOf(budget(0, 0))).toBe(0);
    expect(await redis.exists(`${key}:slots`)).toBe(0);
    expect(await redis.hget(key, 'next')).toBe(String(now + 10));
    now += 10;
    expect(await waitOf(budget(5, 0))).toBe(0);
    now += 60_000;
    expect(await waitOf(budget(5, 0))).toBe(0);
    // The first slot left the minute's window when the second was taken.
    expect(await redis.zrange(`${key}:slots`, 0, -1, 'WITHSCORES')).toEqual([expect.any(String), String(now)]);
    expect(await redis.zcard(`${key}:slots`)).toBe(1);
  });

  it('holds the others only for the lease of a write whose process died in the middle of it', async () => {
    const options = { redis, prefix, intervalMs: 10, perMinute: 0, perHour: 0, maxWaitMs: 2_000 };
    // Killed mid-write: its turn is never released.
    await createGitHubWriteBudget({ ...options, identity: 'installation-7', leaseMs: 300 }).reserve();
    const started = Date.now();
    const turn = await createGitHubWriteBudget({ ...options, identity: 'installation-7', leaseMs: 300 }).reserve();
    // The next write started once the lease ran out.
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    await turn.release();
    expect(await redis.hget(`${prefix}:github:write-budget:installation-7`, 'busy')).toBeNull();
    // A lease longer than the longest wait in place: the next is refused retryably, for a second later.
    await createGitHubWriteBudget({ ...options, identity: 'installation-8', leaseMs: 60_000 }).reserve();
    const refused = createGitHubWriteBudget({ ...options, identity: 'installation-8', maxWaitMs: 50 }).reserve();
    await expect(refused).rejects.toMatchObject({ retryable: true, context: { retryAfterMs: 1000 } });
  });

  it('keeps the later of two pauses (Redis time)', async () => {
    const b = createGitHubWriteBudget({
      redis,
      prefix,
      identity: 'installation-7',
      intervalMs: 10,
      perMinute: 0,
      perHour: 0,
      maxWaitMs: 100,
    });
    await b.pause(5000);
    await b.pause(20);
    const refused = await waitOf(b);
    expect(refused).toMatch(/^refused \d+$/);
    expect(Number(String(refused).split(' ')[1])).toBeGreaterThan(4000);
    expect(Number(String(refused).split(' ')[1])).toBeLessThanOrEqual(5000);
  });
});
