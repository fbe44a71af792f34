import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { deploymentStatusEvent, githubWebhookHeaders, repositoryObject, waitFor } from '@chatops/testkit';
import { captureLogger } from '../helpers/capture-logger.js';
import { GITHUB_SECRET } from '../helpers/harness.js';
import { buildIntakeApp, type IntakeApp } from '../helpers/intake-app.js';
import { LateRedis } from '@chatops/testkit';

const AWAY = 'Redis does not answer after 100 ms; listening anyway (/readyz answers 503 until it does)';

let t: IntakeApp | undefined;
let redis: LateRedis | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  await redis?.stop();
  redis = undefined;
});

/** A signed deployment_status webhook (its job goes to the notifier's queue, which heaven does not run). */
async function deliverStatus(app: IntakeApp['app'], statusId: number) {
  const repository = repositoryObject({ owner: 'acme', name: 'api' });
  const deployment = { id: 4242, sha: 'f'.repeat(40), ref: 'main', task: 'deploy', environment: 'staging' };
  const body = JSON.stringify(deploymentStatusEvent({ id: statusId, state: 'success' }, deployment, repository));
  const headers = await githubWebhookHeaders('deployment_status', body, GITHUB_SECRET, randomUUID());
  return app.inject({ method: 'POST', url: '/webhooks/github', headers, payload: body });
}

describe('start-up with Redis away', () => {
  it('is ready after the wait, answers 503 until Redis answers, then takes webhooks and cleans up', async () => {
    redis = new LateRedis();
    await redis.start();
    const { lines, logger } = captureLogger('warn');
    // ready() resolves after the 100 ms wait (a rejection would make the process exit).
    t = await buildIntakeApp({ redisWaitMs: 100, autorun: true }, logger, { REDIS_URL: redis.url });
    expect(lines.map((l) => l.msg)).toContain(AWAY);
    // A set of lines left by an older heaven: start-up deletes it, but only once Redis answers.
    const legacy = `${t.prefix}:heaven:lines`;
    await t.redis.sadd(legacy, 'acme/api:staging');
    const away = await t.app.inject({ url: '/readyz' });
    expect(away.statusCode).toBe(503);
    expect(away.json()).toMatchObject({ status: 'unavailable', checks: { redis: false } });
    const refused = await deliverStatus(t.app, 1);
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toEqual({ error: 'storage unavailable, redeliver later' });

    redis.up();
    const { app, redis: direct } = t;
    await waitFor(async () => (await app.inject({ url: '/readyz' })).statusCode === 200, 'ready once Redis answers');
    await waitFor(async () => (await direct.type(legacy)) === 'none', 'the legacy set of lines deleted');
    const taken = await deliverStatus(t.app, 2);
    expect(taken.statusCode).toBe(202);
    expect(taken.json()).toEqual({ queued: 'status-2' });
  });
});
