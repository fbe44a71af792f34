import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { QUEUES } from '@chatops/shared/contracts';
import { githubWebhookHeaders, protectionRuleEvent, repositoryObject } from '@chatops/testkit';
import { GITHUB_SECRET } from '../helpers/harness.js';
import { buildIntakeApp, type IntakeApp } from '../helpers/intake-app.js';

const SHA = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';
const repo = repositoryObject({ owner: 'acme', name: 'api' });
const request = {
  environment: 'production',
  runId: 9001,
  ref: 'main',
  sha: SHA,
  installationId: 34,
  deploymentId: 4242,
};
const event = (over: Record<string, unknown> = {}, repository = repo) => ({
  ...protectionRuleEvent(request, repository, 'https://api.github.com'),
  ...over,
});

let t: IntakeApp;
let protection: Queue;
afterEach(async () => {
  await protection?.close();
  await t?.close();
});

async function start() {
  t = await buildIntakeApp();
  protection = new Queue(QUEUES.protectionRules, { connection: t.redis, prefix: t.prefix });
  await protection.waitUntilReady();
}

async function post(payload: unknown, secret = GITHUB_SECRET, delivery = randomUUID()) {
  const body = JSON.stringify(payload);
  const headers = await githubWebhookHeaders('deployment_protection_rule', body, secret, delivery);
  return t.app.inject({ method: 'POST', url: '/webhooks/github', headers, payload: body });
}

describe('POST /webhooks/github: deployment_protection_rule', () => {
  it('enqueues a requested run once, keyed by repository, run, environment, deployment (not delivery)', async () => {
    await start();
    const first = await post(event());
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ queued: 'protection-acme_api-9001-production-4242' });
    // The same run replayed with a new delivery id and an edited body (new sender): one job still.
    const replay = await post(event({ sender: { login: 'mallory' } }));
    expect(replay.statusCode).toBe(202);
    expect(await protection.count()).toBe(1);
    // A re-run of the run waits again with a new deployment: another job.
    const rerun = event();
    (rerun.deployment as Record<string, unknown>).id = 4243;
    expect((await post(rerun)).json()).toEqual({ queued: 'protection-acme_api-9001-production-4243' });
    expect(await protection.count()).toBe(2);
    const job = await protection.getJob('protection-acme_api-9001-production-4242');
    expect(job?.name).toBe('check');
    expect(job?.data).toEqual({
      repository: 'acme/api',
      environment: 'production',
      run_id: 9001,
      deployment_id: 4242,
      ref: 'main',
      sha: SHA,
      run_url: 'https://github.com/acme/api/actions/runs/9001',
      sender: 'octocat',
    });
  });

  it('answers 401 to an unsigned or wrongly signed body and enqueues nothing', async () => {
    await start();
    const wrong = await post(event(), 'not-the-secret-0123');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: 'signature does not match (check GITHUB_WEBHOOK_SECRET)' });
    const body = JSON.stringify(event());
    const headers = await githubWebhookHeaders('deployment_protection_rule', body, GITHUB_SECRET, randomUUID());
    delete (headers as Record<string, string | undefined>)['x-hub-signature-256'];
    const unsigned = await t.app.inject({ method: 'POST', url: '/webhooks/github', headers, payload: body });
    expect(unsigned.statusCode).toBe(400);
    expect(unsigned.json()).toEqual({ error: 'missing header x-hub-signature-256' });
    expect(await protection.count()).toBe(0);
  });

  it('ignores an unknown repository, an unknown environment, another action and a bad callback URL', async () => {
    await start();
    const other = await post(event({}, repositoryObject({ owner: 'acme', name: 'secret-project' })));
    expect(other.statusCode).toBe(202);
    expect(other.json()).toEqual({ ignored: 'repository acme/secret-project is not in the config' });
    const env = await post(event({ environment: 'moon' }));
    expect(env.json()).toEqual({ ignored: 'environment moon is not in the config' });
    const action = await post(event({ action: 'created' }));
    expect(action.json()).toEqual({ ignored: 'deployment_protection_rule action created' });
    const callback = await post(event({ deployment_callback_url: 'https://evil.example/hook' }));
    expect(callback.json()).toEqual({ ignored: 'no workflow run in deployment_callback_url' });
    expect(await protection.count()).toBe(0);
  });

  it('answers 400 to a requested run whose sha is not a commit sha, and enqueues nothing', async () => {
    await start();
    const bad = event();
    (bad.deployment as Record<string, unknown>).sha = '$(reboot)';
    const res = await post(bad);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/^malformed deployment_protection_rule payload: sha: /);
    expect(await protection.count()).toBe(0);
  });
});
