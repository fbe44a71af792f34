import { afterEach, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { githubRetry } from '@chatops/shared/runtime';
import { FakeServer } from '@chatops/testkit';

const RetryingOctokit = Octokit.plugin(githubRetry);

describe('githubRetry (Octokit plugin)', () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  /** A server that answers the given replies in turn (then 201), counting the calls. */
  async function answering(replies: Array<number | 'reset'>, headers: Record<string, string> = {}) {
    server = new FakeServer();
    server.route('POST', '/repos/acme/api/deployments', () => ({ status: 201, body: { id: 7, sha: 'abc' } }));
    for (const r of replies)
      server.failNext(
        'POST',
        /\/deployments$/,
        r === 'reset' ? 'reset' : { status: r, body: { message: `answer ${r}` }, headers },
      );
    const url = await server.start();
    const calls = () => server!.requests.filter((q) => q.method === 'POST').length;
    return { calls, url };
  }
  const create = (url: string, retries: number) =>
    new RetryingOctokit({ baseUrl: url, auth: 'ghp_retry', retry: { retries, baseMs: 5 } }).rest.repos.createDeployment(
      { owner: 'acme', repo: 'api', ref: 'main' },
    );

  it('tries a 502 and a 503 again in place, and returns the answer that succeeded', async () => {
    const { calls, url } = await answering([502, 503]);
    const res = await create(url, 3);
    expect(res.status).toBe(201);
    expect(res.data).toEqual({ id: 7, sha: 'abc' });
    expect(calls()).toBe(3);
  });

  it('gives up after its retries with the last error', async () => {
    const { calls, url } = await answering([500, 500, 500]);
    await expect(create(url, 2)).rejects.toMatchObject({ status: 500, message: expect.stringContaining('answer 500') });
    expect(calls()).toBe(3);
  });

  it.each([400, 401, 403, 404, 409, 422])('does not try a %i again', async (status) => {
    const { calls, url } = await answering([status]);
    await expect(create(url, 3)).rejects.toMatchObject({ status });
    expect(calls()).toBe(1);
  });

  it('leaves a Retry-After longer than 10 s to the job (no wait in place)', async () => {
    const { calls, url } = await answering([429], { 'retry-after': '60' });
    await expect(create(url, 3)).rejects.toMatchObject({ status: 429 });
    expect(calls()).toBe(1);
  });

  it('with retries 0, or disabled, tries once', async () => {
    const { calls, url } = await answering([502, 502]);
    await expect(create(url, 0)).rejects.toMatchObject({ status: 502 });
    const off = new RetryingOctokit({ baseUrl: url, auth: 'x', retry: { enabled: false } });
    await expect(off.rest.repos.createDeployment({ owner: 'acme', repo: 'api', ref: 'main' })).rejects.toMatchObject({
      status: 502,
    });
    expect(calls()).toBe(2);
  });

  it('tries again after a network error (Octokit reports it as status 500)', async () => {
    const { calls, url } = await answering(['reset']);
    expect((await create(url, 1)).data).toEqual({ id: 7, sha: 'abc' });
    expect(calls()).toBe(2);
  });
});
