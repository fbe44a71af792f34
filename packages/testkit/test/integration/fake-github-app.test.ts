import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeGitHub } from '../../src/index.js';
import type { Json } from '../../src/json.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const APP_ID = 4242;
const INSTALLATION = 77;
const github = new FakeGitHub({ app: { appId: APP_ID, installationId: INSTALLATION, publicKey } });

/** An app JWT as @octokit/auth-app makes one: RS256, iat 30 s back, exp 10 minutes after iat. */
function jwt(claims: Record<string, unknown> = {}, key: KeyObject = privateKey, alg = 'RS256'): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg, typ: 'JWT' })}.${part({ iat: now - 30, exp: now + 570, iss: APP_ID, ...claims })}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), key).toString('base64url')}`;
}

async function call(path: string, authorization: string, method = 'GET') {
  const res = await fetch(`${github.url}${path}`, { method, headers: { authorization } });
  return { status: res.status, body: (await res.json()) as Json };
}
const tokenFor = (auth: string) => call(`/app/installations/${INSTALLATION}/access_tokens`, auth, 'POST');
const refusal = (status: number, message: string) => ({
  status,
  body: { message, documentation_url: 'https://docs.github.com/rest', status: String(status) },
});

beforeAll(async () => {
  await github.start();
  github.addRepo('acme/api');
});
afterAll(() => github.stop());

describe('FakeGitHub as a GitHub App installation', () => {
  it('answers an app-signed JWT with a ghs_ token that lasts an hour and works on every route', async () => {
    const before = Date.now();
    const res = await tokenFor(`Bearer ${jwt()}`);
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
    expect(res.body.repository_selection).toBe('all');
    const expires = Date.parse(res.body.expires_at);
    expect(expires - before).toBeGreaterThan(59 * 60_000);
    expect(expires - before).toBeLessThanOrEqual(60 * 60_000 + 1000);
    expect((await call('/repos/acme/api', `token ${res.body.token}`)).status).toBe(200);
    expect((await call('/repos/acme/api/deployments', `Bearer ${res.body.token}`)).status).toBe(200);
  });

  it('refuses a JWT GitHub refuses, with GitHub’s messages', async () => {
    const undecodable = refusal(401, 'A JSON web token could not be decoded');
    expect(await tokenFor(`Bearer ${jwt({}, other.privateKey)}`)).toEqual(undecodable);
    expect(await tokenFor('Bearer not-a-jwt')).toEqual(undecodable);
    expect(await tokenFor('token ghp_personal')).toEqual(undecodable);
    const now = Math.floor(Date.now() / 1000);
    expect(await tokenFor(`Bearer ${jwt({ iat: now - 60, exp: now + 3600 })}`)).toEqual(
      refusal(401, "'Expiration time' claim ('exp') is too far in the future"),
    );
    expect(await tokenFor(`Bearer ${jwt({ iat: now - 700, exp: now - 100 })}`)).toEqual(
      refusal(
        401,
        "'Expiration time' claim ('exp') must be a numeric value representing the future time " +
          'at which the assertion expires',
      ),
    );
    expect(await tokenFor(`Bearer ${jwt({ iat: now + 120, exp: now + 600 })}`)).toEqual(
      refusal(401, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"),
    );
    expect(await tokenFor(`Bearer ${jwt({ iss: 1 })}`)).toEqual(refusal(404, 'Integration not found'));
    const res = await call('/app/installations/78/access_tokens', `Bearer ${jwt()}`, 'POST');
    expect(res).toEqual({
      status: 404,
      body: {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app',
        status: '404',
      },
    });
    expect((await call('/repos/acme/api', `Bearer ${jwt()}`)).status).toBe(401);
  });

  it('answers 401 Bad credentials to a revoked token; a new token works', async () => {
    const old = (await tokenFor(`Bearer ${jwt()}`)).body.token as string;
    github.revokeInstallationTokens();
    expect(await call('/repos/acme/api', `token ${old}`)).toEqual(refusal(401, 'Bad credentials'));
    const fresh = (await tokenFor(`Bearer ${jwt()}`)).body.token as string;
    expect(fresh).not.toBe(old);
    expect((await call('/repos/acme/api', `token ${fresh}`)).status).toBe(200);
  });
});
