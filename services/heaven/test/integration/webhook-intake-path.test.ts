import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { deploymentJobSchema, QUEUES } from '@chatops/shared/contracts';
import {
  deleteKeysWithPrefix,
  deploymentEvent,
  githubWebhookHeaders,
  recordPipelines,
  REDIS_URL,
  repositoryObject,
  testPrefix,
} from '@chatops/testkit';
import { createBullmqIntake } from '../../src/adapters/bullmq-intake.js';
import { bodyDigest } from '../../src/routes/github-delivery.js';
import { createOnceKeys } from '../../src/stores/once-keys.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { GITHUB_SECRET } from '../helpers/harness.js';
import { buildIntakeApp, type IntakeApp } from '../helpers/intake-app.js';

const repo = repositoryObject({ owner: 'acme', name: 'api' });
const deployment = {
  id: 5151,
  sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
  ref: 'main',
  task: 'deploy',
  environment: 'staging',
  payload: {},
};

async function post(t: IntakeApp, payload: unknown, delivery: string, secret = GITHUB_SECRET) {
  const body = JSON.stringify(payload);
  const headers = await githubWebhookHeaders('deployment', body, secret, delivery);
  return t.app.inject({ method: 'POST', url: '/webhooks/github', headers, payload: body });
}

describe('the BullMQ intake', () => {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const prefix = testPrefix('heaven-batch');
  const queue = new Queue(QUEUES.deployments, { connection: redis, prefix });
  afterAll(async () => {
    await queue.close();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  it('sends the dedupe key and the job in one pipeline, shared by the webhooks of one event-loop tick', async () => {
    const intake = createBullmqIntake({ [QUEUES.deployments]: queue }, createOnceKeys(redis, prefix));
    await queue.waitUntilReady();
    const pipelines = recordPipelines((await queue.client) as unknown as Redis);
    const data = (n: number) =>
      deploymentJobSchema.parse({
        delivery_id: randomUUID(),
        repository: 'acme/api',
        deployment: { ...deployment, id: n, created_at: '2026-11-26T10:00:00Z' },
      });
    const answers = await Promise.all(
      [1, 2, 3].map((n) => intake.enqueue(QUEUES.deployments, 'run', `deployment-${n}`, data(n), `digest-${n}`)),
    );
    expect(answers).toEqual([{ first: true }, { first: true }, { first: true }]);
    // 3 webhooks, each a SET NX and a job: one pipeline of 6 commands.
    expect(pipelines.sizes).toEqual([6]);
    pipelines.restore();
    expect(await queue.count()).toBe(3);
  });
});

describe('POST /webhooks/github: the request path', () => {
  let t: IntakeApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('answers 503 and forgets the body when the job could not be stored though the key was', async () => {
    t = await buildIntakeApp();
    // A queue key of the wrong type makes BullMQ's add script fail after the SET NX went through.
    const metaKey = t.queues[QUEUES.deployments]!.keys.meta!;
    await t.redis.set(metaKey, 'not a hash');
    const event = deploymentEvent(deployment, repo);
    const delivery = randomUUID();
    const res = await post(t, event, delivery);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ error: 'storage unavailable, redeliver later' });
    expect(await t.redis.exists(`${t.prefix}:heaven:webhook:${bodyDigest(JSON.stringify(event))}`)).toBe(0);
    await t.redis.del(metaKey);
    expect((await post(t, event, delivery)).statusCode).toBe(202);
  });

  it(
    'logs one line for a queued webhook (with request and delivery ids) and one ' +
      'for a refused one, no "incoming request"',
    async () => {
      const { lines, logger } = captureLogger();
      t = await buildIntakeApp({}, logger);
      const delivery = randomUUID();
      const ok = await post(t, deploymentEvent(deployment, repo), delivery);
      expect(ok.statusCode).toBe(202);
      expect(lines).toEqual([
        expect.objectContaining({
          msg: 'webhook deployment queued',
          deliveryId: delivery,
          deploymentId: 5151,
          reqId: expect.any(String),
        }),
      ]);
      const refused = randomUUID();
      const bad = await post(t, deploymentEvent(deployment, repo), refused, 'wrong-secret-0123456');
      expect(bad.statusCode).toBe(401);
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatchObject({
        msg: 'request completed',
        statusCode: 401,
        deliveryId: refused,
        event: 'deployment',
        reqId: expect.any(String),
      });
      expect(await t.queues[QUEUES.deployments]!.count()).toBe(1);
    },
  );

  it('still answers a redelivery 200 with no second job through the real intake', async () => {
    t = await buildIntakeApp();
    const delivery = randomUUID();
    expect((await post(t, deploymentEvent(deployment, repo), delivery)).statusCode).toBe(202);
    expect((await post(t, deploymentEvent(deployment, repo), delivery)).statusCode).toBe(200);
    expect(await t.queues[QUEUES.deployments]!.count()).toBe(1);
  });
});
