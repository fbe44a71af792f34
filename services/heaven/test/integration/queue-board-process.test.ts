import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES } from '@chatops/shared/contracts';
import { deleteKeysWithPrefix, FakeGitHub, REDIS_URL, testPrefix } from '@chatops/testkit';
import { PAYLOAD_SECRET } from '../helpers/chatops.js';
import { BASE_CONFIG, GITHUB_SECRET, GITHUB_TOKEN } from '../helpers/harness.js';
import { startHeavenProcess, type HeavenProcess } from '../helpers/heaven-process.js';

const PASSWORD = 'correct-horse-battery';
const auth = { authorization: `Basic ${Buffer.from(`ops:${PASSWORD}`).toString('base64')}` };

// @bull-board/fastify needs Node's require(esm), which jest's module runtime lacks: it is tested in the built process.
describe('heaven as a process: the queue board at /admin/queues', () => {
  const prefix = testPrefix('heaven-board');
  const dir = mkdtempSync(join(tmpdir(), 'heaven-board-'));
  const github = new FakeGitHub({ token: GITHUB_TOKEN, webhookSecret: GITHUB_SECRET });
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const deployments = new Queue(QUEUES.deployments, { connection: redis, prefix });
  let heaven: HeavenProcess | undefined;

  const start = async (env: Record<string, string> = {}) => {
    heaven = await startHeavenProcess({
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL,
      CHATOPS_CONFIG: join(dir, 'chatops.config.yml'),
      CHATOPS_QUEUE_PREFIX: prefix,
      GITHUB_TOKEN,
      GITHUB_API_URL: github.url,
      GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
      CHATOPS_PAYLOAD_SECRET: PAYLOAD_SECRET,
      CIRCLECI_TOKEN: 'circle-token-unused-0',
      CIRCLECI_API_URL: 'http://127.0.0.1:9/api/v2',
      HEAVEN_ADMIN_USER: 'ops',
      HEAVEN_ADMIN_PASSWORD: PASSWORD,
      ...env,
    });
    return heaven;
  };
  const addJob = (url: string, path = '/admin/queues/api/queues/deployments/add') =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'run', data: { by: 'hand' }, options: { jobId: 'by-hand' } }),
    });

  beforeAll(async () => {
    await github.start();
    writeFileSync(join(dir, 'chatops.config.yml'), BASE_CONFIG);
  });
  afterEach(async () => {
    if (heaven && heaven.child.exitCode === null) heaven.child.kill('SIGTERM');
    await heaven?.exited;
    heaven = undefined;
  });
  afterAll(async () => {
    await github.stop();
    await deployments.close();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the board and its queues API with the admin credentials, 401 without', async () => {
    const { url, lines } = await start();
    expect((await fetch(`${url}/admin/queues`)).status).toBe(401);
    const page = await fetch(`${url}/admin/queues`, { headers: auth });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Bull Dashboard</title>');
    const api = await fetch(`${url}/admin/queues/api/queues`, { headers: auth });
    expect(api.status).toBe(200);
    const queues = ((await api.json()) as { queues: Array<{ name: string; readOnlyMode: boolean }> }).queues;
    expect(queues.map((q) => q.name).sort()).toEqual([
      'announcements',
      'ci-events',
      'deployment-control',
      'deployments',
      'notifications',
      'protection-rules',
    ]);
    expect(queues.every((q) => q.readOnlyMode)).toBe(true);
    expect(lines.join('\n')).not.toContain(PASSWORD);
  });

  it('refuses to add a deployments job by hand: the board is read-only by default', async () => {
    const { url } = await start();
    const res = await addJob(url);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: 'the queue board is read-only (HEAVEN_QUEUE_BOARD_WRITES=true allows changes)',
    });
    expect(await deployments.getJob('by-hand')).toBeUndefined();
  });

  it('refuses the write however its path is spelled (percent-encoded, the same route)', async () => {
    const { url } = await start();
    for (const path of [
      '/%61dmin/queues/api/queues/deployments/add',
      '/admin/%71ueues/api/queues/deployments/add',
      '/admin/queues/api/queues/deployments/%61dd',
    ]) {
      const res = await addJob(url, path);
      expect({ path, status: res.status, body: await res.json() }).toEqual({
        path,
        status: 403,
        body: { error: 'the queue board is read-only (HEAVEN_QUEUE_BOARD_WRITES=true allows changes)' },
      });
    }
    expect(await deployments.getJob('by-hand')).toBeUndefined();
  });

  it('lets an operator who turned writes on change the queues', async () => {
    const { url } = await start({ HEAVEN_QUEUE_BOARD_WRITES: 'true' });
    expect((await addJob(url)).status).toBe(200);
    expect((await deployments.getJob('by-hand'))?.data).toEqual({ by: 'hand' });
  });
});
