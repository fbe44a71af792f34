import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES } from '@chatops/shared/contracts';
import { createLogger } from '@chatops/shared/runtime';
import { deploymentEvent, githubWebhookHeaders, recordPipelines, repositoryObject } from '@chatops/testkit';
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

/**
 * The client of a queue of buildIntakeApp: BullMQ types it as its own IRedisClient, but the queues
 * are built on an ioredis connection, so it is BullMQ's proxy of that Redis, which forwards ioredis's
 * commands and returns ioredis pipelines (with their `length`).
 */
async function ioredisClient(queue: Queue): Promise<Redis> {
  return (await queue.client) as unknown as Redis;
}

async function post(t: IntakeApp, payload: unknown, delivery: string, secret = GITHUB_SECRET) {
  const body = JSON.stringify(payload);
  const headers = await githubWebhookHeaders('deployment', body, secret, delivery);
  return t.app.inject({ method: 'POST', url: '/webhooks/github', headers, payload: body });
}

function captureLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { lines, logger: createLogger({ name: 'heaven', level: 'info', destination }) };
}

describe('POST /webhooks/github: the request path', () => {
  let t: IntakeApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('sends the dedupe key and the job in one pipeline, shared by the webhooks of one event-loop turn', async () => {
    t = await buildIntakeApp();
    const pipelines = recordPipelines(await ioredisClient(t.queues[QUEUES.deployments]!));
    const answers = await Promise.all(
      [1, 2, 3].map((n) => post(t!, deploymentEvent({ ...deployment, id: 6000 + n }, repo), `p-1-${n}`)),
    );
    expect(answers.map((r) => r.statusCode)).toEqual([202, 202, 202]);
    // 3 webhooks, each a SET NX and a job: one pipeline of 6 commands.
    expect(pipelines.sizes).toEqual([6]);
    pipelines.restore();
    expect(await t.queues[QUEUES.deployments]!.count()).toBe(3);
  });

  it('answers 503 and forgets the delivery when the job could not be stored though the key was', async () => {
    t = await buildIntakeApp();
    // A queue key of the wrong type makes BullMQ's add script fail after the SET NX went through.
    const client = await ioredisClient(t.queues[QUEUES.deployments]!);
    const metaKey = t.queues[QUEUES.deployments]!.keys.meta!;
    await client.set(metaKey, 'not a hash');
    const res = await post(t, deploymentEvent(deployment, repo), 'p-2');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ error: '[heaven] storage unavailable, redeliver later' });
    expect(await client.exists(`${t.prefix}:heaven:delivery:p-2`)).toBe(0);
    await client.del(metaKey);
    expect((await post(t, deploymentEvent(deployment, repo), 'p-2')).statusCode).toBe(202);
  });

  it(
    'logs one line for a queued webhook (with request and delivery ids) and one ' +
      'for a refused one, no "incoming request"',
    async () => {
      const { lines, logger } = captureLogger();
      t = await buildIntakeApp(undefined, logger);
      const ok = await post(t, deploymentEvent(deployment, repo), 'p-3');
      expect(ok.statusCode).toBe(202);
      expect(lines).toEqual([
        expect.objectContaining({
          msg: 'webhook deployment queued',
          deliveryId: 'p-3',
          deploymentId: 5151,
          reqId: expect.any(String),
        }),
      ]);
      const bad = await post(t, deploymentEvent(deployment, repo), 'p-4', 'wrong-secret');
      expect(bad.statusCode).toBe(401);
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatchObject({
        msg: 'request completed',
        statusCode: 401,
        deliveryId: 'p-4',
        event: 'deployment',
        reqId: expect.any(String),
      });
      expect(await t.queues[QUEUES.deployments]!.count()).toBe(1);
    },
  );

  it('still answers a redelivery 200 with no second job through the real intake', async () => {
    t = await buildIntakeApp();
    expect((await post(t, deploymentEvent(deployment, repo), 'p-5')).statusCode).toBe(202);
    expect((await post(t, deploymentEvent(deployment, repo), 'p-5')).statusCode).toBe(200);
    expect(await t.queues[QUEUES.deployments]!.count()).toBe(1);
  });
});
