import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createHarness, repliesTo, settled, type Harness } from '../helpers/harness.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const FEATURE_SHA = 'b'.repeat(40);

describe('a GitHub 409 is an answer', () => {
  it('failing checks reach the person within a second, after one request, even with retries on', async () => {
    h = await createHarness({ env: { GITHUB_RETRIES: '3' } });
    h.startWorker();
    h.github.setCommitStatus('acme/api', FEATURE_SHA, 'ci/test', 'failure');
    const started = Date.now();
    const { trigger, responseId } = await h.command('api/feature-x to staging', { user_id: 'U0BOB' });
    expect(await settled(h, trigger)).toBe('completed');
    expect(h.github.received('POST', '/repos/acme/api/deployments')).toHaveLength(1);
    const [answer] = h.slack.responsesTo(responseId);
    expect(answer!.body.text).toBe(
      'GitHub refused to deploy `feature-x`: its status checks are not all green.\n' +
        '• ci/test: failure\n' +
        'Only <@U0ALICE> may force a deployment to staging.',
    );
    expect(answer!.at - started).toBeLessThan(1000);
  });
});

/** A GitHub that hands out installation tokens to the app and refuses every one of them. */
async function refusingGitHub(): Promise<{ server: Server; url: string; tokens: string[]; deployments: string[] }> {
  const tokens: string[] = [];
  const deployments: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    req.resume();
    res.setHeader('content-type', 'application/json');
    if (req.method === 'POST' && req.url === '/app/installations/34/access_tokens') {
      const token = `ghs_token${tokens.length + 1}`;
      tokens.push(token);
      res.writeHead(201).end(JSON.stringify({ token, expires_at: new Date(Date.now() + 3600_000).toISOString() }));
      return;
    }
    if (req.method === 'POST' && req.url === '/repos/acme/api/deployments') {
      deployments.push(String(req.headers.authorization));
      res.writeHead(401).end(JSON.stringify({ message: 'Bad credentials' }));
      return;
    }
    res.writeHead(404).end(JSON.stringify({ message: 'Not Found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tokens, deployments };
}

describe('a GitHub 401 with GitHub App credentials', () => {
  it('takes a new installation token, tries once more, then says GitHub refused the credentials', async () => {
    const github = await refusingGitHub();
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    try {
      h = await createHarness({
        env: {
          GITHUB_TOKEN: '',
          GITHUB_APP_ID: '12',
          GITHUB_APP_PRIVATE_KEY: privateKey,
          GITHUB_APP_INSTALLATION_ID: '34',
          GITHUB_API_URL: github.url,
        },
      });
      h.startWorker();
      const { trigger, responseId } = await h.command('api/main to staging');
      // @octokit/auth-app tries a fresh token's 401 again for 5 s (GitHub's replication delay), each token.
      expect(await settled(h, trigger, undefined, 25_000)).toBe('completed');
      expect(github.tokens).toEqual(['ghs_token1', 'ghs_token2']);
      expect(new Set(github.deployments)).toEqual(new Set(['token ghs_token1', 'token ghs_token2']));
      expect(repliesTo(h, responseId)).toEqual([
        {
          response_type: 'ephemeral',
          text:
            "GitHub refused the bot's credentials, so I could not finish this. " +
            'An operator must check GITHUB_TOKEN or the GitHub App.',
        },
      ]);
      expect(h.slack.messages[0]!.text).toBe(
        "<@U0ALICE> could not deploy *api*/`main` to *staging*: GitHub refused the bot's credentials.",
      );
    } finally {
      await new Promise((resolve) => github.server.close(resolve));
    }
  }, 30_000);

  it('a 401 to a token: the person hears GitHub refused the credentials, not "invalid"', async () => {
    h = await createHarness({ env: { GITHUB_TOKEN: 'ghp_revoked0123456789' } });
    h.startWorker();
    const { trigger, responseId } = await h.command('api to staging');
    expect(await settled(h, trigger)).toBe('failed');
    expect(repliesTo(h, responseId)).toEqual([
      {
        response_type: 'ephemeral',
        text:
          "GitHub refused the bot's credentials, so I could not finish this. " +
          'An operator must check GITHUB_TOKEN or the GitHub App.',
      },
    ]);
  });
});
