import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { ExternalApiError } from '@chatops/shared/contracts';
import { createGitHubClient } from '@chatops/shared/runtime';
import { FakeGitHub } from '@chatops/testkit';
import { createGitHubAdapter } from '../../src/adapters/github-adapter.js';

const repo = { owner: 'acme', repo: 'api' };
const silent = pino({ level: 'silent' });

/** heaven's GitHub port on the one shared client, against the strict FakeGitHub. */
describe('the GitHub port on the shared client', () => {
  let github: FakeGitHub | undefined;
  afterEach(async () => {
    await github?.stop();
    github = undefined;
  });

  const withToken = async () => {
    github = new FakeGitHub({ token: 'ghp_adapter_test_token' });
    await github.start();
    github.addRepo('acme/api');
    const client = createGitHubClient({
      baseUrl: github.url,
      credentials: { token: 'ghp_adapter_test_token' },
      retries: 3,
      writeIntervalMs: 0,
      logger: silent,
    });
    return createGitHubAdapter(client);
  };

  it('tells a branch from a commit by asking GitHub, and names the default branch', async () => {
    const port = await withToken();
    const feature = github!.push('acme/api', 'feat/x');
    expect(await port.refKind(repo, 'main')).toBe('branch');
    expect(await port.refKind(repo, 'feat/x')).toBe('branch');
    expect(await port.refKind(repo, feature)).toBe('commit');
    expect(await port.defaultBranch(repo)).toBe('main');
    expect(github!.received('GET', '/repos/acme/api/branches/feat/x')).toHaveLength(1);
    expect(github!.received('GET', `/repos/acme/api/git/ref/tags/${feature}`)).toHaveLength(1);
    // Every call names the API version the code is written against.
    expect(github!.withoutApiVersion()).toEqual([]);
  });

  it('takes a 409 as the answer: at once, not retried, not retryable', async () => {
    const port = await withToken();
    github!.failNext('POST', /\/deployments$/, {
      status: 409,
      body: { message: 'Conflict: Commit status checks failed for main.' },
    });
    const started = Date.now();
    const refusal = port.createDeployment(repo, {
      ref: 'main',
      environment: 'production',
      description: 'auto-deploy',
      task: 'deploy',
      transient: false,
      production: true,
    });
    await expect(refusal).rejects.toThrow(
      'GitHub create deployment failed (409): Conflict: Commit status checks failed for main.',
    );
    await expect(refusal).rejects.toBeInstanceOf(ExternalApiError);
    await expect(refusal).rejects.toMatchObject({ retryable: false, status: 409 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(github!.received('POST', '/repos/acme/api/deployments')).toHaveLength(1);
  });

  it('with GitHub App credentials, fetches a new installation token once after a 401, then goes on', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    github = new FakeGitHub({ app: { appId: 42, installationId: 7, publicKey } });
    await github.start();
    github.addRepo('acme/api');
    const client = createGitHubClient({
      baseUrl: github.url,
      credentials: {
        appId: '42',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        installationId: '7',
      },
      retries: 0,
      writeIntervalMs: 0,
      logger: silent,
    });
    const port = createGitHubAdapter(client);
    expect(await port.defaultBranch(repo)).toBe('main');
    github.revokeInstallationTokens();
    expect(await port.defaultBranch(repo)).toBe('main');
    expect(github.received('POST', '/app/installations/7/access_tokens')).toHaveLength(2);
  });
});
