import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { verify } from '@octokit/webhooks-methods';
import { FakeGitHub } from '../../src/index.js';
import type { Json } from '../../src/json.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PAT = 'ghp_personal_token_0123';
const SECRET = 'webhook-secret-0123456789';
const github = new FakeGitHub({ token: PAT, app: { appId: 7, installationId: 34, publicKey }, webhookSecret: SECRET });
const REVIEW = '/repos/acme/api/actions/runs/9001/deployment_protection_rule';
const DOCS =
  'https://docs.github.com/rest/actions/workflow-runs#review-custom-deployment-protection-rules-for-a-workflow-run';

function jwt(): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iat: now - 30, exp: now + 570, iss: 7 })}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

async function call(path: string, token: string, body?: unknown) {
  const res = await fetch(`${github.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `token ${token}`,
      'x-github-api-version': '2022-11-28',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
}

let installationToken = '';
const received: Array<{ event: string; body: string; signature: string }> = [];
let server: Server;
beforeAll(async () => {
  await github.start();
  github.addRepo('acme/api', { branches: { main: 'a'.repeat(40) } });
  installationToken = (
    await fetch(`${github.url}/app/installations/34/access_tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt()}` },
    }).then((r) => r.json() as Promise<Json>)
  ).token;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({
        event: String(req.headers['x-github-event']),
        body,
        signature: String(req.headers['x-hub-signature-256']),
      });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  github.options.webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/github`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await github.stop();
});

describe('FakeGitHub: custom deployment protection rules', () => {
  it('takes a review from the app’s installation token (204) and records it', async () => {
    const approved = { environment_name: 'production', state: 'approved', comment: 'Approved in Slack by @Bob.' };
    expect(await call(REVIEW, installationToken, approved)).toEqual({ status: 204, body: undefined });
    const progress = { environment_name: 'production', comment: 'Waiting for approval in Slack.' };
    expect(await call(REVIEW, installationToken, progress)).toEqual({ status: 204, body: undefined });
    expect(github.protectionReviews).toEqual([
      { repository: 'acme/api', run_id: 9001, ...approved },
      { repository: 'acme/api', run_id: 9001, ...progress },
    ]);
  });

  it('refuses a personal access token: only the GitHub App reviews its own rule', async () => {
    const before = github.protectionReviews.length;
    expect(await call(REVIEW, PAT, { environment_name: 'production', state: 'rejected' })).toEqual({
      status: 403,
      body: { message: 'Resource not accessible by personal access token', documentation_url: DOCS, status: '403' },
    });
    expect(github.protectionReviews).toHaveLength(before);
  });

  it('refuses a body the description does not allow (no environment_name; a state outside the enum)', async () => {
    const before = github.protectionReviews.length;
    const missing = await call(REVIEW, installationToken, { state: 'approved' });
    expect(missing.status).toBe(422);
    const wrong = await call(REVIEW, installationToken, { environment_name: 'production', state: 'maybe' });
    expect(wrong.status).toBe(422);
    expect(github.protectionReviews).toHaveLength(before);
  });

  it('sends the signed deployment_protection_rule webhook as documented', async () => {
    const sha = 'a'.repeat(40);
    expect(
      await github.requestProtectionRule('acme/api', { environment: 'production', runId: 9001, ref: 'main', sha }),
    ).toBe(202);
    const delivery = received.at(-1)!;
    expect(delivery.event).toBe('deployment_protection_rule');
    expect(await verify(SECRET, delivery.body, delivery.signature)).toBe(true);
    const body = JSON.parse(delivery.body) as Json;
    expect(body).toMatchObject({
      action: 'requested',
      environment: 'production',
      event: 'push',
      deployment_callback_url: `${github.url}${REVIEW}`,
      deployment: { ref: 'main', sha, environment: 'production' },
      repository: { full_name: 'acme/api' },
      installation: { id: 34 },
      sender: { login: 'octocat' },
    });
  });
});
