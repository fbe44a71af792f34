import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createLogger, QUEUES } from '@chatops/shared';
import { deploymentEvent, githubWebhookHeaders, repositoryObject } from '@chatops/testkit';
import type { IntakePort } from '../../src/ports.js';
import { GITHUB_SECRET } from '../helpers/harness.js';
import { buildIntakeApp, type IntakeApp } from '../helpers/intake-app.js';

const repo = repositoryObject({ owner: 'acme', name: 'api' });
const deployment = { id: 5151, sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e', ref: 'main', task: 'deploy', environment: 'staging', payload: {} };

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

  it('sends the dedupe key and the job together (one round trip), and answers only once both are stored', async () => {
    const events: string[] = [];
    let enqueued!: () => void;
    const enqueueCalled = new Promise<void>((resolve) => (enqueued = resolve));
    const intake = {
      // Answers only once the job was sent too (a sequential path never gets there: the guard answers "sequential").
      firstDelivery: async () => {
        events.push('dedupe sent');
        const sequential = new Promise<'sequential'>((resolve) => setTimeout(() => resolve('sequential'), 1000));
        const outcome = await Promise.race([enqueueCalled.then(() => 'together' as const), sequential]);
        events.push(`dedupe answered (${outcome})`);
        return true;
      },
      forgetDelivery: async () => undefined,
      enqueue: async () => {
        events.push('job sent');
        enqueued();
        await new Promise((r) => setTimeout(r, 20));
        events.push('job stored');
      },
    } satisfies IntakePort;
    t = await buildIntakeApp(intake);
    const res = await post(t, deploymentEvent(deployment, repo), 'p-1');
    expect(res.statusCode).toBe(202);
    expect(events).toEqual(['dedupe sent', 'job sent', 'dedupe answered (together)', 'job stored']);
  });

  it('answers 503 and forgets the delivery when the job could not be stored though the key was', async () => {
    const forgotten: string[] = [];
    const intake = {
      firstDelivery: async () => true,
      forgetDelivery: async (id: string) => void forgotten.push(id),
      enqueue: async () => Promise.reject(new Error('Connection is closed.')),
    } satisfies IntakePort;
    t = await buildIntakeApp(intake);
    expect((await post(t, deploymentEvent(deployment, repo), 'p-2')).statusCode).toBe(503);
    expect(forgotten).toEqual(['p-2']);
  });

  it('logs one line for a queued webhook (with request and delivery ids) and one for a refused one, no "incoming request"', async () => {
    const { lines, logger } = captureLogger();
    t = await buildIntakeApp(undefined, logger);
    const ok = await post(t, deploymentEvent(deployment, repo), 'p-3');
    expect(ok.statusCode).toBe(202);
    expect(lines).toEqual([expect.objectContaining({ msg: 'webhook deployment queued', deliveryId: 'p-3', deploymentId: 5151, reqId: expect.any(String) })]);
    const bad = await post(t, deploymentEvent(deployment, repo), 'p-4', 'wrong-secret');
    expect(bad.statusCode).toBe(401);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ msg: 'request completed', statusCode: 401, deliveryId: 'p-4', event: 'deployment', reqId: expect.any(String) });
    expect(await t.queues[QUEUES.deployments]!.count()).toBe(1);
  });

  it('still answers a redelivery 200 with no second job through the real intake', async () => {
    t = await buildIntakeApp();
    expect((await post(t, deploymentEvent(deployment, repo), 'p-5')).statusCode).toBe(202);
    expect((await post(t, deploymentEvent(deployment, repo), 'p-5')).statusCode).toBe(200);
    expect(await t.queues[QUEUES.deployments]!.count()).toBe(1);
  });
});
