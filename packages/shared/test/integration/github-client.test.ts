import { afterEach, describe, expect, it } from '@jest/globals';
import { ExternalApiError } from '@chatops/shared/contracts';
import { createGitHubClient, type GitHubClientOptions, toGitHubError } from '@chatops/shared/runtime';
import {
  closedPortUrl,
  type LocalHandler,
  type LocalServer,
  sendJson,
  startLocalServer,
} from '../helpers/local-server.js';

const silent = { debug: () => undefined, warn: () => undefined };
let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientOf(handler: LocalHandler, options: Partial<GitHubClientOptions> = {}) {
  server = await startLocalServer(handler);
  const octokit = createGitHubClient({
    baseUrl: `${server.url}/`,
    credentials: { token: 'ghp_test_token' },
    writeIntervalMs: 0,
    logger: silent,
    ...options,
  });
  return { octokit, requests: server.requests };
}

const getRepo = (octokit: ReturnType<typeof createGitHubClient>) =>
  octokit.rest.repos.get({ owner: 'acme', repo: 'api' });

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

/** The names and codes of an error and its causes, outermost first. */
function causeChain(e: unknown): string[] {
  const out: string[] = [];
  for (let c = e as { name?: string; code?: string; cause?: unknown } | undefined; c; c = c.cause as typeof c) {
    out.push(String(c.name), String(c.code));
  }
  return out;
}

describe('createGitHubClient', () => {
  it('sends X-GitHub-Api-Version 2022-11-28, the token and the user agent on every request', async () => {
    const { octokit, requests } = await clientOf((_req, res) => sendJson(res, 200, { id: 1 }));
    await getRepo(octokit);
    await octokit.rest.repos.createDeployment({ owner: 'acme', repo: 'api', ref: 'main', environment: 'staging' });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /repos/acme/api',
      'POST /repos/acme/api/deployments',
    ]);
    for (const r of requests) {
      expect(r.headers['x-github-api-version']).toBe('2022-11-28');
      expect(r.headers.authorization).toBe('token ghp_test_token');
      expect(r.headers['user-agent']).toMatch(/^chatops /);
    }
  });

  it('never retries a 409 (an answer): one request, rejected at once', async () => {
    const { octokit, requests } = await clientOf((_req, res) =>
      sendJson(res, 409, { message: 'Conflict: Commit status checks failed for main.\nsecond line' }),
    );
    const started = performance.now();
    const error = await failureOf(
      octokit.rest.repos.createDeployment({ owner: 'acme', repo: 'api', ref: 'main', environment: 'production' }),
    );
    expect(performance.now() - started).toBeLessThan(500);
    expect(requests).toHaveLength(1);
    expect((error as { status: number }).status).toBe(409);
    const mapped = toGitHubError(error, 'create deployment');
    expect(mapped).toBeInstanceOf(ExternalApiError);
    expect(mapped.message).toBe(
      'GitHub create deployment failed (409): Conflict: Commit status checks failed for main.',
    );
    expect(mapped.retryable).toBe(false);
    expect(mapped.status).toBe(409);
  });

  it('retries a 502 (`retries` times), the retry carrying the API version too', async () => {
    const { octokit, requests } = await clientOf(
      (_req, res) =>
        requests.length === 1 ? sendJson(res, 502, { message: 'Bad Gateway' }) : sendJson(res, 200, { id: 7 }),
      { retries: 1 },
    );
    const { data } = await getRepo(octokit);
    expect(data).toEqual({ id: 7 });
    expect(requests).toHaveLength(2);
    expect(requests.map((r) => r.headers['x-github-api-version'])).toEqual(['2022-11-28', '2022-11-28']);
    // The first retry waits 1² × 1000 ms.
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('gives up on a 502 after `retries` tries, having waited out its short Retry-After', async () => {
    const { octokit, requests } = await clientOf(
      (_req, res) => sendJson(res, 502, { message: 'Bad Gateway' }, { 'retry-after': '2' }),
      { retries: 1 },
    );
    const error = await failureOf(getRepo(octokit));
    expect(requests).toHaveLength(2);
    // Retry-After 2 s is longer than the first retry's own wait (1 s), and short enough to wait out in place.
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(1950);
    expect(requests[1]!.at - requests[0]!.at).toBeLessThan(2900);
    const mapped = toGitHubError(error, 'get repository');
    expect(mapped.message).toBe('GitHub get repository failed (502): Bad Gateway');
    expect(mapped.retryable).toBe(true);
    expect(mapped.status).toBe(502);
  });

  it('leaves a Retry-After longer than 10 s to the job: no wait in place, one request', async () => {
    const { octokit, requests } = await clientOf(
      (_req, res) => sendJson(res, 503, { message: 'Service Unavailable' }, { 'retry-after': '11' }),
      { retries: 3 },
    );
    const started = performance.now();
    const error = await failureOf(getRepo(octokit));
    expect(performance.now() - started).toBeLessThan(500);
    expect(requests).toHaveLength(1);
    expect(toGitHubError(error, 'get repository').retryable).toBe(true);
  });

  it('aborts a call that hangs after timeoutMs, retries it, then fails retryable', async () => {
    const { octokit, requests } = await clientOf(() => undefined, { timeoutMs: 150, retries: 1 });
    const started = performance.now();
    const error = await failureOf(getRepo(octokit));
    const elapsed = performance.now() - started;
    expect(requests).toHaveLength(2);
    // Two tries of 150 ms and the 1 s wait between them; far below the default 10 s.
    expect(elapsed).toBeGreaterThanOrEqual(1250);
    expect(elapsed).toBeLessThan(3000);
    const mapped = toGitHubError(error, 'get repository');
    expect(mapped).toBeInstanceOf(ExternalApiError);
    expect(mapped.retryable).toBe(true);
    // Octokit reports a failed fetch as status 500, the fetch's error as its cause. (Its message is that error's,
    // except under jest, whose realm makes Octokit's `instanceof Error` false: "Unknown Error".)
    expect(mapped.message).toMatch(/^GitHub get repository failed \(500\): /);
    expect(causeChain(mapped)).toContain('TimeoutError');
  });

  it('paces writes writeIntervalMs apart; reads are not paced', async () => {
    const { octokit, requests } = await clientOf((_req, res) => sendJson(res, 201, { id: 1 }), {
      writeIntervalMs: 250,
      retries: 0,
    });
    const write = () => octokit.rest.repos.createDeployment({ owner: 'acme', repo: 'api', ref: 'main' });
    await Promise.all([write(), write(), write(), getRepo(octokit), getRepo(octokit)]);
    const writes = requests.filter((r) => r.method === 'POST').map((r) => r.at);
    const reads = requests.filter((r) => r.method === 'GET').map((r) => r.at);
    expect(writes).toHaveLength(3);
    expect(writes[1]! - writes[0]!).toBeGreaterThanOrEqual(230);
    expect(writes[2]! - writes[1]!).toBeGreaterThanOrEqual(230);
    expect(Math.max(...reads) - writes[0]!).toBeLessThan(200);
  });

  it('does not pace writes at writeIntervalMs 0', async () => {
    const { octokit, requests } = await clientOf((_req, res) => sendJson(res, 201, { id: 1 }), { writeIntervalMs: 0 });
    const write = () => octokit.rest.repos.createDeployment({ owner: 'acme', repo: 'api', ref: 'main' });
    await Promise.all([write(), write(), write()]);
    const at = requests.map((r) => r.at);
    expect(Math.max(...at) - Math.min(...at)).toBeLessThan(200);
  });
});

describe('toGitHubError, on failures of a real Octokit call', () => {
  it('names the credentials on a 401, never the request', async () => {
    const { octokit, requests } = await clientOf((_req, res) => sendJson(res, 401, { message: 'Bad credentials' }), {
      retries: 3,
    });
    const mapped = toGitHubError(await failureOf(getRepo(octokit)), 'get repository');
    expect(requests).toHaveLength(1);
    expect(mapped.message).toBe(
      "GitHub refused chatops' credentials (401): check GITHUB_TOKEN or the GitHub App's key and installation",
    );
    expect(mapped).toMatchObject({ retryable: false, status: 401, code: 'chatops_github_api_error' });
    expect(mapped.context?.api).toBe('github');
  });

  it("turns a 429's Retry-After into retryAfterMs", async () => {
    const { octokit } = await clientOf(
      (_req, res) => sendJson(res, 429, { message: 'Too many requests' }, { 'retry-after': '37' }),
      { retries: 0 },
    );
    const mapped = toGitHubError(await failureOf(getRepo(octokit)), 'get repository');
    expect(mapped.message).toBe('GitHub get repository failed (429): Too many requests');
    expect(mapped).toMatchObject({ retryable: true, status: 429 });
    expect(mapped.context?.retryAfterMs).toBe(37_000);
  });

  it('makes a 403 secondary rate limit retryable, delayed by its Retry-After', async () => {
    const { octokit, requests } = await clientOf(
      (_req, res) =>
        sendJson(res, 403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '120' }),
      { retries: 3 },
    );
    const mapped = toGitHubError(await failureOf(getRepo(octokit)), 'get repository');
    expect(requests).toHaveLength(1);
    expect(mapped.message).toBe('GitHub get repository failed (403): You have exceeded a secondary rate limit.');
    expect(mapped).toMatchObject({ retryable: true, status: 403 });
    expect(mapped.context?.retryAfterMs).toBe(120_000);
  });

  it('makes a 404 final', async () => {
    const { octokit, requests } = await clientOf((_req, res) => sendJson(res, 404, { message: 'Not Found' }), {
      retries: 3,
    });
    const mapped = toGitHubError(await failureOf(getRepo(octokit)), 'get repository');
    expect(requests).toHaveLength(1);
    expect(mapped.message).toBe('GitHub get repository failed (404): Not Found');
    expect(mapped).toMatchObject({ retryable: false, status: 404 });
    expect(mapped.context?.retryAfterMs).toBeUndefined();
  });

  it('makes a network error retryable', async () => {
    const baseUrl = await closedPortUrl();
    const octokit = createGitHubClient({ baseUrl, credentials: { token: 't' }, retries: 0, logger: silent });
    const mapped = toGitHubError(await failureOf(getRepo(octokit)), 'get repository');
    expect(mapped.retryable).toBe(true);
    expect(mapped.message).toMatch(/^GitHub get repository failed \(500\): /);
    expect(causeChain(mapped)).toContain('ECONNREFUSED');
  });
});
