import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { ExternalApiError } from '@chatops/shared/contracts';
import { createGitHubClient, createGitHubWriteBudget, githubIdentity, toGitHubError } from '@chatops/shared/runtime';
import { deleteKeysWithPrefix, FakeGitHub, REDIS_URL, testPrefix } from '@chatops/testkit';

const silent = { debug: () => undefined, warn: () => undefined };
const TOKEN = 'ghp_budget_redis_away_0123456789';
const repo = { owner: 'acme', repo: 'api' };
const REDIS_TIMEOUT = 300;

/** A TCP relay to the test Redis that can stop passing bytes on (Redis "away": no answer, no error). */
async function startRelay(): Promise<{ port: number; freeze(): void; close(): Promise<void> }> {
  const target = new URL(REDIS_URL);
  let frozen = false;
  const sockets: Socket[] = [];
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(Number(target.port || 6379), target.hostname);
    sockets.push(client, upstream);
    client.on('data', (d) => {
      if (!frozen) upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (!frozen) client.write(d);
    });
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    freeze: () => {
      frozen = true;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('the GitHub write budget while Redis does not answer', () => {
  let github: FakeGitHub;
  let prefix: string;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let viaRelay: Redis;
  let direct: Redis;

  beforeEach(async () => {
    github = new FakeGitHub();
    await github.start();
    github.addRepo('acme/api');
    prefix = testPrefix('write-budget-away');
    relay = await startRelay();
    // As the services' worker connections are: commands wait in the offline queue, never fail by themselves.
    viaRelay = new Redis({ host: '127.0.0.1', port: relay.port, maxRetriesPerRequest: null });
    direct = new Redis(REDIS_URL);
  });
  afterEach(async () => {
    await github.stop();
    viaRelay.disconnect();
    await relay.close();
    await deleteKeysWithPrefix(direct, prefix);
    await direct.quit();
  });

  const client = () =>
    createGitHubClient({
      baseUrl: github.url,
      credentials: { token: TOKEN },
      retries: 0,
      writeIntervalMs: 10,
      writeBudget: {
        budget: createGitHubWriteBudget({
          redis: viaRelay,
          prefix,
          identity: githubIdentity({ token: TOKEN }),
          intervalMs: 10,
          perMinute: 80,
          perHour: 500,
          maxWaitMs: 2_000,
          redisTimeoutMs: REDIS_TIMEOUT,
        }),
      },
      logger: silent,
    });
  const deploy = (c: ReturnType<typeof client>, environment: string) =>
    c.rest.repos.createDeployment({ ...repo, ref: 'main', environment, auto_merge: false, required_contexts: [] });

  it('sends no write without its turn: the call fails retryably once Redis is silent past the timeout', async () => {
    const c = client();
    await deploy(c, 'before');
    expect(github.received('POST', '/repos/acme/api/deployments')).toHaveLength(1);

    relay.freeze();
    let failure: unknown;
    try {
      await deploy(c, 'while-away');
    } catch (e) {
      failure = e;
    }
    const error = toGitHubError(failure, 'create deployment');
    expect(error).toBeInstanceOf(ExternalApiError);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/GitHub's write budget: Redis did not answer in 1 s; the write is not sent/);
    // Not sent unpaced: GitHub still saw only the first write.
    expect(github.received('POST', '/repos/acme/api/deployments')).toHaveLength(1);
  });

  it("never holds GitHub's answer for Redis: a write under way when Redis goes silent returns", async () => {
    const c = client();
    await deploy(c, 'warm');
    // Redis stops answering while GitHub has the write: the turn's release cannot reach Redis.
    github.setFaults({
      rate: 1,
      kinds: ['slow'],
      slowMs: 1,
      match: (r) => {
        if (r.method === 'POST') relay.freeze();
        return false;
      },
    });
    const answer = await deploy(c, 'during');
    expect(answer.status).toBe(201);
    expect(github.received('POST', '/repos/acme/api/deployments')).toHaveLength(2);
    // The write stays in flight in Redis (its lease, 15 s by default, frees the others then).
    const state = await direct.hget(`${prefix}:github:write-budget:${githubIdentity({ token: TOKEN })}`, 'busy');
    expect(state).toEqual(expect.any(String));
  });
});
