import { afterEach, describe, expect, it } from '@jest/globals';
import { FakeGitHub, type GitHubSecondaryLimits } from '../../src/index.js';
import { secondaryLimitAnswer } from '../../src/github-secondary-limits.js';

const TOKEN = 'ghp_secondary_limits_token';
const SECONDARY = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';

describe('secondaryLimitAnswer', () => {
  const refused = (limits: GitHubSecondaryLimits, at: number, inFlight: number, earlier: number[]) =>
    secondaryLimitAnswer(limits, at, inFlight, earlier)?.status ?? 'sent';

  it('refuses a write past the concurrent writes, the interval or the minute, and none within them', () => {
    expect(refused({ concurrentWrites: 1 }, 1000, 1, [])).toBe('sent');
    expect(refused({ concurrentWrites: 1 }, 1000, 2, [])).toBe(403);
    expect(refused({ minIntervalMs: 1000 }, 1998, 1, [999])).toBe(403);
    expect(refused({ minIntervalMs: 1000 }, 2000, 1, [1000])).toBe('sent');
    expect(refused({ perMinute: 2 }, 60_999, 1, [1000, 2000])).toBe(403);
    expect(refused({ perMinute: 2 }, 61_000, 1, [1000, 2000])).toBe('sent');
    expect(refused({}, 0, 100, [0, 0, 0])).toBe('sent');
  });

  it("answers as GitHub does: 403, the secondary limit's message, Retry-After", () => {
    const answer = secondaryLimitAnswer({ concurrentWrites: 1 }, 0, 2, []);
    expect(answer?.headers).toEqual({ 'retry-after': '60' });
    expect(answer?.body).toMatchObject({ message: SECONDARY, status: '403' });
  });
});

describe('FakeGitHub with secondaryLimits', () => {
  let github: FakeGitHub;
  afterEach(() => github.stop());

  const createDeployment = (environment: string) =>
    fetch(`${github.url}/repos/acme/api/deployments`, {
      method: 'POST',
      headers: {
        authorization: `token ${TOKEN}`,
        'x-github-api-version': '2022-11-28',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ ref: 'main', environment, auto_merge: false, required_contexts: [] }),
    });

  it('refuses a write that arrives while another is being answered, and records the refusal', async () => {
    github = new FakeGitHub({ token: TOKEN, secondaryLimits: { concurrentWrites: 1 } });
    await github.start();
    github.addRepo('acme/api');
    github.setFaults({
      rate: 1,
      kinds: ['slow'],
      slowMs: 100,
      match: (r) => (r.body as { environment?: string }).environment === 'a',
    });
    const first = createDeployment('a');
    // The second is sent once the first is at the fake (held there 100 ms, the second not).
    while (github.writesInFlight === 0) await new Promise((r) => setTimeout(r, 2));
    const second = await createDeployment('b');
    expect(second.status).toBe(403);
    expect(second.headers.get('retry-after')).toBe('60');
    expect(((await second.json()) as { message: string }).message).toBe(SECONDARY);
    expect((await first).status).toBe(201);
    expect(github.deployments.map((d) => d.environment)).toEqual(['a']);
    expect(github.refusals.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/repos/acme/api/deployments', 403],
    ]);
    // One after the other: both go through.
    expect((await createDeployment('c')).status).toBe(201);
  });

  it('refuses writes past the minute; reads are never counted', async () => {
    github = new FakeGitHub({ token: TOKEN, secondaryLimits: { perMinute: 2 } });
    await github.start();
    github.addRepo('acme/api');
    const statuses = [];
    for (const environment of ['a', 'b', 'c']) statuses.push((await createDeployment(environment)).status);
    const read = await fetch(`${github.url}/repos/acme/api/deployments`, {
      headers: { authorization: `token ${TOKEN}`, 'x-github-api-version': '2022-11-28' },
    });
    expect({ statuses, read: read.status }).toEqual({ statuses: [201, 201, 403], read: 200 });
  });
});
