import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix, FakeGitHub, REDIS_URL, testPrefix } from '@chatops/testkit';
import { BASE_CONFIG, GITHUB_SECRET, GITHUB_TOKEN } from '../helpers/harness.js';
import { startHeavenProcess, type HeavenProcess } from '../helpers/heaven-process.js';

// @bull-board/fastify needs Node's require(esm), which jest's module runtime lacks: it is tested in the built process.
describe('heaven as a process: the queue board at /admin/queues', () => {
  const prefix = testPrefix('heaven-board');
  const dir = mkdtempSync(join(tmpdir(), 'heaven-board-'));
  const github = new FakeGitHub({ token: GITHUB_TOKEN, webhookSecret: GITHUB_SECRET });
  const redis = new Redis(REDIS_URL);
  let heaven: HeavenProcess | undefined;

  afterAll(async () => {
    if (heaven && heaven.child.exitCode === null) heaven.child.kill('SIGTERM');
    await heaven?.exited;
    await github.stop();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the board and its queues API with the admin credentials, 401 without', async () => {
    await github.start();
    writeFileSync(join(dir, 'chatops.config.yml'), BASE_CONFIG);
    heaven = await startHeavenProcess({
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL,
      CHATOPS_CONFIG: join(dir, 'chatops.config.yml'),
      CHATOPS_QUEUE_PREFIX: prefix,
      GITHUB_TOKEN,
      GITHUB_API_URL: github.url,
      GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
      CIRCLECI_TOKEN: 'circle-token-unused',
      CIRCLECI_API_URL: 'http://127.0.0.1:9/api/v2',
      HEAVEN_ADMIN_USER: 'ops',
      HEAVEN_ADMIN_PASSWORD: 'correct-horse-battery',
    });
    const auth = { authorization: `Basic ${Buffer.from('ops:correct-horse-battery').toString('base64')}` };
    expect((await fetch(`${heaven.url}/admin/queues`)).status).toBe(401);
    const page = await fetch(`${heaven.url}/admin/queues`, { headers: auth });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Bull Dashboard</title>');
    const api = await fetch(`${heaven.url}/admin/queues/api/queues`, { headers: auth });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['ci-events', 'deployment-control', 'deployments', 'notifications']);
    expect(heaven.lines.join('\n')).not.toContain('correct-horse-battery');
  });
});
