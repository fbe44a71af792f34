import { createHmac, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { QUEUES } from '@chatops/shared/contracts';
import { createRedis, waitForRedis } from '@chatops/shared/runtime';
import { createBullmqIntake, ENQUEUE_TIMEOUT_MS } from '../../src/adapters/bullmq-intake.js';
import { createOnceKeys } from '../../src/stores/once-keys.js';
import {
  checkSuiteEvent,
  deploymentEvent,
  deploymentStatusEvent,
  exampleEvent,
  githubWebhookHeaders,
  pingEvent,
  REDIS_URL,
  repositoryObject,
  statusEvent,
  workflowRunEvent,
} from '@chatops/testkit';
import type { IntakePort } from '../../src/ports.js';
import { CIRCLE_SECRET, GITHUB_SECRET } from '../helpers/harness.js';
import { buildIntakeApp, type IntakeApp } from '../helpers/intake-app.js';

const repo = repositoryObject({ owner: 'acme', name: 'api' });
const deployment = {
  id: 4242,
  sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
  ref: 'main',
  task: 'deploy',
  environment: 'staging',
  payload: {},
};

async function post(
  t: IntakeApp,
  event: string,
  payload: unknown,
  opts: { delivery?: string; secret?: string; headers?: Record<string, string | undefined> } = {},
) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const headers = {
    ...(await githubWebhookHeaders(event, body, opts.secret ?? GITHUB_SECRET, opts.delivery ?? randomUUID())),
    ...opts.headers,
  };
  for (const [k, v] of Object.entries(headers)) if (v === undefined) delete headers[k];
  return t.app.inject({
    method: 'POST',
    url: '/webhooks/github',
    headers: headers as Record<string, string>,
    payload: body,
  });
}

const counts = async (t: IntakeApp) =>
  Object.fromEntries(await Promise.all(Object.entries(t.queues).map(async ([n, q]) => [n, await q.count()])));

describe('POST /webhooks/github', () => {
  let t: IntakeApp;
  afterEach(async () => {
    await t?.close();
  });

  it('enqueues a deployment once per deployment id and answers a redelivery 200 with no second job', async () => {
    t = await buildIntakeApp();
    const event = deploymentEvent(deployment, repo);
    const delivery = randomUUID();
    const first = await post(t, 'deployment', event, { delivery });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ queued: 'deployment-4242' });
    const again = await post(t, 'deployment', event, { delivery });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ duplicate: delivery });
    const job = await t.queues[QUEUES.deployments]!.getJob('deployment-4242');
    expect(job?.name).toBe('run');
    expect(job?.data).toMatchObject({
      delivery_id: delivery,
      repository: 'acme/api',
      deployment: { id: 4242, environment: 'staging', sha: deployment.sha },
    });
    expect(await counts(t)).toEqual({ deployments: 1, notifications: 0, 'ci-events': 0 });
  });

  it('turns deployment_status into a notification job with the sender', async () => {
    t = await buildIntakeApp();
    const status = {
      id: 77,
      state: 'success',
      description: 'done',
      environment: 'staging',
      created_at: new Date().toISOString(),
    };
    const res = await post(t, 'deployment_status', deploymentStatusEvent(status, deployment, repo, 'octo-bob'));
    expect(res.statusCode).toBe(202);
    const job = await t.queues[QUEUES.notifications]!.getJob('status-77');
    expect(job?.name).toBe('deployment-status');
    expect(job?.data).toMatchObject({
      repository: 'acme/api',
      sender: 'octo-bob',
      status: { id: 77, state: 'success' },
      deployment: { id: 4242 },
    });
  });

  it.each([['x-github-event'], ['x-github-delivery'], ['x-hub-signature-256']])(
    'answers 400 naming a missing %s header, and enqueues nothing',
    async (header) => {
      t = await buildIntakeApp();
      const res = await post(t, 'deployment', deploymentEvent(deployment, repo), { headers: { [header]: undefined } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: `missing header ${header}` });
      expect(await counts(t)).toEqual({ deployments: 0, notifications: 0, 'ci-events': 0 });
    },
  );

  it('answers 401 to a wrong signature and enqueues nothing', async () => {
    t = await buildIntakeApp();
    const res = await post(t, 'deployment', deploymentEvent(deployment, repo), { secret: 'not-the-secret-0123' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'signature does not match (check GITHUB_WEBHOOK_SECRET)' });
    expect(await counts(t)).toEqual({ deployments: 0, notifications: 0, 'ci-events': 0 });
  });

  it(
    'answers 400 to a signed body that is not JSON, ' + '415 to another content type, 400 to a malformed deployment',
    async () => {
      t = await buildIntakeApp();
      const bad = await post(t, 'deployment', '{"deployment": ');
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toEqual({ error: 'body is not a JSON object' });
      const form = await post(t, 'deployment', 'payload=%7B%7D', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(form.statusCode).toBe(415);
      const event = deploymentEvent(deployment, repo);
      event.deployment.id = 'not-a-number';
      const malformed = await post(t, 'deployment', event);
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error).toMatch(/^malformed deployment payload: deployment\.id: /);
      expect(await counts(t)).toEqual({ deployments: 0, notifications: 0, 'ci-events': 0 });
    },
  );

  it('answers ping 200, ignores unknown events and unknown repositories with 202', async () => {
    t = await buildIntakeApp();
    const ping = await post(t, 'ping', pingEvent(repo));
    expect(ping.statusCode).toBe(200);
    expect(ping.json().ok).toBe(true);
    const push = await post(t, 'push', exampleEvent('push'));
    expect(push.statusCode).toBe(202);
    expect(push.json()).toEqual({ ignored: 'event push is not used' });
    const other = await post(
      t,
      'deployment',
      deploymentEvent(deployment, repositoryObject({ owner: 'acme', name: 'secret-project' })),
    );
    expect(other.statusCode).toBe(202);
    expect(other.json()).toEqual({ ignored: 'repository acme/secret-project is not in the config' });
    expect(await counts(t)).toEqual({ deployments: 0, notifications: 0, 'ci-events': 0 });
  });

  it('ignores a deployment that a GitHub Actions job made for its own environment (no loop)', async () => {
    t = await buildIntakeApp();
    const actionsMade = exampleEvent('deployment', (e) => e.workflow_run !== null && e.workflow_run !== undefined);
    actionsMade.repository = repo;
    const res = await post(t, 'deployment', actionsMade);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ ignored: 'deployment made by a GitHub Actions job for its own environment' });
    expect(await counts(t)).toEqual({ deployments: 0, notifications: 0, 'ci-events': 0 });
  });

  it('enqueues a completed workflow_run as a ci-event, keyed by its run, attempt and conclusion', async () => {
    t = await buildIntakeApp();
    const run = { id: 99, run_attempt: 1, conclusion: 'success', display_title: 'deploy 4242' };
    const res = await post(t, 'workflow_run', workflowRunEvent('completed', run, repo));
    expect(res.statusCode).toBe(202);
    const job = await t.queues[QUEUES.ciEvents]!.getJob('workflow-run-99-1-success');
    expect(job?.data).toEqual({ kind: 'workflow-run', run_id: 99, title: 'deploy 4242' });
  });

  it.each([
    ['not a GUID', 'd-1'],
    ['one character too many', `${randomUUID()}x`],
    ['8000 characters', 'x'.repeat(8000)],
  ])('answers 400 to a delivery id that is not a GitHub GUID (%s), and enqueues nothing', async (_what, delivery) => {
    t = await buildIntakeApp();
    const res = await post(t, 'deployment', deploymentEvent(deployment, repo), { delivery });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'x-github-delivery is not a GitHub delivery id (a GUID)' });
    expect(await counts(t)).toEqual({ deployments: 0, notifications: 0, 'ci-events': 0 });
  });

  it.each([
    ['status', statusEvent({ sha: 'a'.repeat(40), state: 'success', context: 'ci/test', branches: ['main'] }, repo)],
    ['check_suite', checkSuiteEvent({ sha: 'a'.repeat(40), branch: 'main', conclusion: 'success' }, repo)],
    ['workflow_run', workflowRunEvent('completed', { id: 99, conclusion: 'success', display_title: 'deploy 1' }, repo)],
  ])('a captured signed %s webhook replayed under new delivery ids makes one job', async (event, payload) => {
    t = await buildIntakeApp();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await post(t, event, payload)).statusCode);
    expect(answers).toEqual([202, 200, 200, 200]);
    // Past the body's dedupe key (4 days), the job's id still says what it is about.
    for (const key of await t.redis.keys(`${t.prefix}:heaven:webhook:*`)) await t.redis.del(key);
    expect((await post(t, event, payload)).statusCode).toBe(202);
    expect(await t.queues[QUEUES.ciEvents]!.count()).toBe(1);
  });

  it('answers 503 when the intake cannot store the job, so GitHub can redeliver', async () => {
    const down = { enqueue: async () => Promise.reject(new Error('Connection is closed.')) } satisfies IntakePort;
    t = await buildIntakeApp({ intake: down });
    const res = await post(t, 'deployment', deploymentEvent(deployment, repo));
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ error: 'storage unavailable, redeliver later' });
  });
});

describe('POST /webhooks/github with Redis down', () => {
  it('answers 503 through the real BullMQ intake when Redis does not answer, so GitHub can redeliver', async () => {
    // A producer connection whose Redis went away (closed, no reconnect): commands fail at once.
    const dead = createRedis(REDIS_URL, 'producer', { retryStrategy: () => null });
    await waitForRedis(dead);
    const queue = new Queue(QUEUES.deployments, { connection: dead, prefix: '{dead}' });
    await queue.waitUntilReady();
    await dead.quit();
    const t = await buildIntakeApp({
      intake: createBullmqIntake({ [QUEUES.deployments]: queue }, createOnceKeys(dead, '{dead}')),
    });
    try {
      const res = await post(t, 'deployment', deploymentEvent(deployment, repo));
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ error: 'storage unavailable, redeliver later' });
    } finally {
      await t.close();
      await queue.close();
    }
  });
});

describe('POST /webhooks/github with a Redis that never answered', () => {
  it(
    'answers 503 within the enqueue timeout instead of waiting for a connection ' + 'that never becomes ready',
    async () => {
      // Nothing listens on port 1: the connection keeps retrying and BullMQ's queue never gets ready.
      const never = createRedis('redis://127.0.0.1:1', 'producer');
      never.on('error', () => undefined);
      const queue = new Queue(QUEUES.deployments, { connection: never, prefix: '{never}' });
      queue.on('error', () => undefined);
      const t = await buildIntakeApp({
        intake: createBullmqIntake({ [QUEUES.deployments]: queue }, createOnceKeys(never, '{never}')),
      });
      try {
        const started = Date.now();
        const res = await post(t, 'deployment', deploymentEvent(deployment, repo));
        expect(res.statusCode).toBe(503);
        expect(res.json()).toEqual({ error: 'storage unavailable, redeliver later' });
        expect(Date.now() - started).toBeLessThan(ENQUEUE_TIMEOUT_MS + 1500);
      } finally {
        await t.close();
        never.disconnect();
        await queue.close().catch(() => undefined);
      }
    },
  );
});

describe('POST /webhooks/circleci', () => {
  let t: IntakeApp;
  afterEach(async () => {
    await t?.close();
  });
  const body = JSON.stringify({
    type: 'workflow-completed',
    id: 'evt-1',
    workflow: { id: 'w', status: 'success' },
    pipeline: { id: 'p-1', number: 3 },
  });
  const sig = (secret: string) => `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const send = (signature: string | undefined) =>
    t.app.inject({
      method: 'POST',
      url: '/webhooks/circleci',
      headers: { 'content-type': 'application/json', ...(signature ? { 'circleci-signature': signature } : {}) },
      payload: body,
    });

  it('accepts a signed workflow-completed (any matching v1 entry) and enqueues it once', async () => {
    t = await buildIntakeApp();
    const res = await send(`v1=${'0'.repeat(64)},${sig(CIRCLE_SECRET)}`);
    expect(res.statusCode).toBe(202);
    expect((await send(sig(CIRCLE_SECRET))).statusCode).toBe(202);
    expect(await t.queues[QUEUES.ciEvents]!.count()).toBe(1);
    const job = await t.queues[QUEUES.ciEvents]!.getJob('circleci-p-1-w-success');
    expect(job?.data).toEqual({ kind: 'circleci-workflow', pipeline_id: 'p-1', status: 'success' });
  });

  it('answers 401 to a missing or wrong signature and enqueues nothing', async () => {
    t = await buildIntakeApp();
    expect((await send(undefined)).statusCode).toBe(401);
    const wrong = await send(sig('wrong-secret'));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: 'circleci-signature does not match (check CIRCLECI_WEBHOOK_SECRET)' });
    expect(await t.queues[QUEUES.ciEvents]!.count()).toBe(0);
  });
});

describe('health', () => {
  let t: IntakeApp;
  afterEach(async () => {
    await t?.close();
  });
  it('serves /healthz, /readyz and /metrics', async () => {
    t = await buildIntakeApp({ autorun: true });
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { redis: true, workers: true } });
    expect((await t.app.inject({ url: '/metrics' })).body).toContain('chatops_http_request_duration_seconds');
  });
});
