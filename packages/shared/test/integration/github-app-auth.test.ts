import { generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import { setTimeout as realSleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createGitHubClient, toGitHubError } from '@chatops/shared/runtime';
import { type LocalServer, type SeenRequest, sendJson, startLocalServer } from '../helpers/local-server.js';

// A GitHub App's installation tokens, against a local GitHub: the token endpoint checks that the JWT is
// RS256-signed by the app's key, and the API answers 401 to the tokens the test calls revoked.
//
// @octokit/auth-app retries a 401 itself while the installation token is younger than 5 s (GitHub's
// replication lag), waiting 1 s, 2 s, … between tries, by `Date` and `setTimeout`. The test fakes those
// two (nothing else) so it decides the token's age: the first token is made, then the clock jumps
// 10 s (as if it were made long ago); a wait of auth-app's is run at once, the clock jumping with it.

const APP_ID = '123';
const INSTALLATION_ID = '42';
const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const silent = { debug: () => undefined, warn: () => undefined };

function base64urlJson(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

/** The app's JWT of a token request, checked: RS256, signed by the app's key, issued by the app. */
function checkAppJwt(req: SeenRequest, key: KeyObject | string): void {
  const match = /^bearer (.+)$/i.exec(String(req.headers.authorization));
  if (!match) throw new Error(`token request without a bearer JWT: ${req.headers.authorization}`);
  const [header, payload, signature] = match[1]!.split('.') as [string, string, string];
  expect(base64urlJson(header)).toEqual({ alg: 'RS256', typ: 'JWT' });
  expect(base64urlJson(payload)).toMatchObject({ iss: APP_ID });
  const signed = verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'));
  if (!signed) throw new Error('the JWT is not signed by the app key');
}

type LocalGitHub = { server: LocalServer; tokenRequests: SeenRequest[]; apiRequests: SeenRequest[] };

/** Installation tokens ghs_1, ghs_2, …; the API answers 401 to a token in `revoked`, else 200. */
async function localGitHub(revoked: Set<string>, onRevoked: () => void = () => undefined): Promise<LocalGitHub> {
  let issued = 0;
  const server = await startLocalServer((req, res) => {
    if (req.method === 'POST' && req.url === `/app/installations/${INSTALLATION_ID}/access_tokens`) {
      checkAppJwt(req, publicKey);
      issued += 1;
      const expires = new Date(Date.now() + 3600_000).toISOString();
      return sendJson(res, 201, { token: `ghs_${issued}`, expires_at: expires, permissions: { deployments: 'write' } });
    }
    const token = String(req.headers.authorization).replace(/^token /, '');
    if (revoked.has(token)) {
      onRevoked();
      return sendJson(res, 401, { message: 'Bad credentials' });
    }
    return sendJson(res, 200, { full_name: 'acme/api', token_seen: token });
  });
  const tokenRequests = () => server.requests.filter((r) => r.url.startsWith('/app/'));
  return {
    server,
    get tokenRequests() {
      return tokenRequests();
    },
    get apiRequests() {
      return server.requests.filter((r) => !r.url.startsWith('/app/'));
    },
  };
}

function appClient(github: LocalGitHub) {
  return createGitHubClient({
    baseUrl: github.server.url,
    credentials: { appId: APP_ID, privateKey, installationId: INSTALLATION_ID },
    retries: 0,
    writeIntervalMs: 0,
    logger: silent,
  });
}

/** An installation token made now, then 10 s older: past auth-app's own 401 retries. */
async function agedToken(octokit: ReturnType<typeof appClient>): Promise<void> {
  expect(await octokit.auth({ type: 'installation' })).toMatchObject({ token: 'ghs_1', tokenType: 'installation' });
  jest.setSystemTime(Date.now() + 10_000);
}

const authOf = (requests: SeenRequest[]) => requests.map((r) => r.headers.authorization);

let github: LocalGitHub | undefined;
beforeEach(() => {
  // Only Date, setTimeout and clearTimeout.
  jest.useFakeTimers({
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
    ],
  });
});
afterEach(async () => {
  jest.useRealTimers();
  await github?.server.close();
  github = undefined;
});

describe('createGitHubClient with GitHub App credentials', () => {
  it('fetches an installation token with an RS256 JWT of the app key and sends it with the API version', async () => {
    github = await localGitHub(new Set());
    const { data } = await appClient(github).rest.repos.get({ owner: 'acme', repo: 'api' });
    expect(data).toEqual({ full_name: 'acme/api', token_seen: 'ghs_1' });
    expect(github.tokenRequests).toHaveLength(1);
    expect(authOf(github.apiRequests)).toEqual(['token ghs_1']);
    for (const r of github.server.requests) expect(r.headers['x-github-api-version']).toBe('2022-11-28');
  });

  it('on a 401 to its token, fetches a new installation token and tries once more with it', async () => {
    github = await localGitHub(new Set(['ghs_1']));
    const octokit = appClient(github);
    await agedToken(octokit);
    const { data } = await octokit.rest.repos.get({ owner: 'acme', repo: 'api' });
    expect(data).toEqual({ full_name: 'acme/api', token_seen: 'ghs_2' });
    expect(github.tokenRequests).toHaveLength(2);
    expect(authOf(github.apiRequests)).toEqual(['token ghs_1', 'token ghs_2']);
    for (const r of github.server.requests) expect(r.headers['x-github-api-version']).toBe('2022-11-28');
  });

  it('also for a request written as a literal path naming a repository "app"', async () => {
    github = await localGitHub(new Set(['ghs_1']));
    const octokit = appClient(github);
    await agedToken(octokit);
    const { data } = await octokit.request('GET /repos/acme/app');
    expect(data).toEqual({ full_name: 'acme/api', token_seen: 'ghs_2' });
    expect(github.tokenRequests).toHaveLength(2);
    expect(authOf(github.apiRequests)).toEqual(['token ghs_1', 'token ghs_2']);
  });

  it('fails with the 401 when the new token is refused too, after one refresh', async () => {
    github = await localGitHub(new Set(['ghs_1', 'ghs_2']));
    const octokit = appClient(github);
    await agedToken(octokit);
    const call = octokit.rest.repos.get({ owner: 'acme', repo: 'api' }).then(
      () => {
        throw new Error('expected a 401');
      },
      (e: unknown) => e,
    );
    // ghs_2 is fresh: auth-app waits 1 s (replication lag) and tries it once more. Run that wait now, the
    // clock 10 s later, so ghs_2 is old enough for auth-app to give up after that one try.
    while (jest.getTimerCount() === 0 && github.apiRequests.length < 3) await realSleep(2);
    jest.advanceTimersByTime(10_000);
    const error = await call;
    expect(github.tokenRequests).toHaveLength(2);
    expect(authOf(github.apiRequests)).toEqual(['token ghs_1', 'token ghs_2', 'token ghs_2']);
    expect((error as { status?: number }).status).toBe(401);
    expect(toGitHubError(error, 'get repository')).toMatchObject({
      message: "GitHub refused chatops' credentials (401): check GITHUB_TOKEN or the GitHub App's key and installation",
      status: 401,
      retryable: false,
    });
  });

  it('does not refresh anything for token credentials: a 401 is one request', async () => {
    github = await localGitHub(new Set(['ghp_static']));
    const octokit = createGitHubClient({
      baseUrl: github.server.url,
      credentials: { token: 'ghp_static' },
      writeIntervalMs: 0,
      logger: silent,
    });
    const error = await octokit.rest.repos.get({ owner: 'acme', repo: 'api' }).catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(401);
    expect(github.server.requests).toHaveLength(1);
  });

  it('leaves a 401 of the /app endpoints (signed with the JWT) alone: no token refresh', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    let issued = 0;
    const server = await startLocalServer((req, res) => {
      issued += 1;
      try {
        checkAppJwt(req, other); // the app's key changed on GitHub's side: every JWT is refused
      } catch {
        return sendJson(res, 401, { message: 'A JSON web token could not be decoded' });
      }
      return sendJson(res, 201, { token: `ghs_${issued}` });
    });
    github = { server, tokenRequests: [], apiRequests: [] };
    const octokit = appClient(github);
    const error = await octokit.rest.repos.get({ owner: 'acme', repo: 'api' }).catch((e: unknown) => e);
    expect((error as { status?: number }).status).toBe(401);
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST /app/installations/${INSTALLATION_ID}/access_tokens`,
    ]);
  });
});
