import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac, randomUUID } from 'node:crypto';
import { PrivateRedis, renderMessage, startStack, type Stack } from '@chatops/sandbox';
import { blockActionsBody, slackSignatureHeaders, waitFor } from '@chatops/testkit';
import { apiConfig } from './support/api-config.js';

// Outages on real processes: a private redis-server (AOF on) that is killed and started again,
// fake Slack and GitHub that fail every call for a while, and SIGTERM in the middle of a deployment.
const CONFIG = apiConfig({ rateLimitPerMinute: 1000 });
const UNAVAILABLE = 'Sorry, I cannot take commands right now (my queue is unavailable). Please try again in a moment.';
const ALICE = { user_id: 'U0ALICE', user_name: 'alice', channel_id: 'C0DEPLOYS' };
const FINAL = ['success', 'failure', 'error'];

describe('outages: Redis, Slack and GitHub down, SIGTERM mid-deployment', () => {
  const redis = new PrivateRedis();
  let stack: Stack;

  beforeAll(async () => {
    await redis.start();
    stack = await startStack({
      config: CONFIG,
      redisUrl: redis.url,
      repos: [
        {
          name: 'acme/api',
          defaultBranch: 'main',
          branches: { main: 'a'.repeat(40), slow: 'b'.repeat(40), later: 'c'.repeat(40) },
        },
      ],
      users: [{ id: 'U0ALICE', name: 'alice' }],
      circlePlan: (p) => ({
        workflows: [{ name: 'deploy', status: 'success', durationMs: p.branch === 'slow' ? 2500 : 200 }],
      }),
      env: {
        heaven: {
          HEAVEN_POLL_INTERVAL_MS: '300',
          HEAVEN_POLL_MAX_MS: '1000',
          HEAVEN_JOB_LOCK_MS: '2000',
          HEAVEN_JOB_BACKOFF_MS: '200',
        },
        bot: { BOT_JOB_LOCK_MS: '2000', BOT_JOB_BACKOFF_MS: '200' },
        notifier: { NOTIFIER_JOB_LOCK_MS: '2000' },
      },
    });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    await redis.dispose();
  }, 60_000);

  const readyz = (name: keyof Stack['services']) =>
    fetch(`${stack.services[name].url}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
  const deploymentOf = (ref: string) =>
    waitFor(() => stack.github.deployments.find((d) => d.ref === ref), `the deployment of ${ref}`, 30_000);
  const finalState = (id: number) =>
    waitFor(
      () => stack.github.statusesOf(id).find((s) => FINAL.includes(s.state))?.state,
      `a final status of #${id}`,
      40_000,
    );
  const shownFinal = (id: number) =>
    waitFor(
      () => {
        const d = stack.github.deployments.find((x) => x.id === id)!;
        const m =
          stack.slack.messages.find((x) => x.ts === d.payload?.chatops?.slack?.ts) ??
          stack.slack.messages.find((x) => !x.thread_ts && JSON.stringify(x.blocks ?? x.text).includes(`#${id}`));
        return m && /succeeded/.test([m.text, ...renderMessage(m)].join('\n')) ? m : null;
      },
      `the Slack message of #${id} to show success`,
      30_000,
    );
  const redeliverFailed = async () => {
    const ok = new Set(
      stack.github.deliveries.filter((d) => typeof d.status === 'number' && d.status < 300).map((d) => d.id),
    );
    for (const id of new Set(stack.github.deliveries.map((d) => d.id)))
      if (!ok.has(id)) await stack.github.redeliver(id);
  };

  it('Redis down: /readyz 503, Slack gets "try again in a moment", GitHub and CircleCI get 503; ' +
    'all recover without a restart', async () => {
    const pids = Object.values(stack.services).map((s) => s.pid);
    await redis.stop('SIGKILL');
    for (const name of ['bot', 'heaven', 'notifier'] as const)
      await waitFor(async () => (await readyz(name)) === 503, `${name} /readyz to answer 503`, 15_000);

    const command = await stack.slash('api/main to staging', ALICE);
    expect(command).toMatchObject({ status: 200, body: { response_type: 'ephemeral', text: UNAVAILABLE } });
    const press = {
      type: 'block_actions',
      team: { id: 'T0FAKE' },
      user: { id: 'U0ALICE', name: 'alice' },
      trigger_id: randomUUID(),
      response_url: stack.slack.responseUrl('p'),
      channel: { id: 'C0DEPLOYS' },
      actions: [{ action_id: 'chatops_confirm', value: 'c-1' }],
    };
    const body = blockActionsBody(press);
    const pressed = await fetch(`${stack.services.bot.url}/slack/interactions`, {
      method: 'POST',
      headers: slackSignatureHeaders(stack.secrets.SLACK_SIGNING_SECRET!, body),
      body,
    });
    expect(pressed.status).toBe(200);
    expect(await pressed.json()).toEqual({ response_type: 'ephemeral', text: UNAVAILABLE, replace_original: false });

    const created = await fetch(`${stack.github.url}/repos/acme/api/deployments`, {
      method: 'POST',
      headers: { authorization: `token ${stack.secrets.GITHUB_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ref: 'main', environment: 'staging', auto_merge: false, required_contexts: [] }),
    });
    const { id } = (await created.json()) as { id: number };
    await stack.github.settle();
    expect(stack.github.deliveries.filter((d) => d.event === 'deployment').map((d) => d.status)).toEqual([503]);
    const circleBody = JSON.stringify({
      type: 'workflow-completed',
      id: randomUUID(),
      pipeline: { id: randomUUID() },
      workflow: { status: 'success' },
    });
    const circleSignature = createHmac('sha256', stack.secrets.CIRCLECI_WEBHOOK_SECRET!)
      .update(circleBody)
      .digest('hex');
    const circle = await fetch(`${stack.services.heaven.url}/webhooks/circleci`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'circleci-signature': `v1=${circleSignature}`,
      },
      body: circleBody,
    });
    expect(circle.status).toBe(503);

    await redis.start();
    for (const name of ['bot', 'heaven', 'notifier'] as const)
      await waitFor(async () => (await readyz(name)) === 200, `${name} /readyz to answer 200 again`, 20_000);
    expect(Object.values(stack.services).map((s) => s.pid)).toEqual(pids);

    await redeliverFailed();
    expect(await finalState(id)).toBe('success');
    const again = await stack.slash('api/main to staging', ALICE);
    const errors = stack.services.bot.logs.filter((l) => /"level":50/.test(l) && !/ECONNREFUSED/.test(l)).slice(-5);
    expect({
      body: again.body,
      errors: (again.body as { text?: string }).text?.startsWith('On it') ? [] : errors,
    }).toMatchObject({ body: { text: 'On it: deploy api/main to staging.' }, errors: [] });
    const second = await waitFor(
      () => stack.github.deployments.find((d) => d.id !== id),
      'the deployment asked after Redis returned',
      30_000,
    );
    expect(await finalState(second.id)).toBe('success');
    await shownFinal(second.id);
  }, 90_000);

  it('Slack and GitHub fail every call for a while: the work waits and completes once they answer', async () => {
    const before = stack.github.deployments.length;
    stack.github.setFaults({ rate: 1, kinds: ['5xx'] });
    stack.slack.setFaults({ rate: 1, kinds: ['5xx'] });
    const reply = await stack.slash('api/later to staging', ALICE);
    expect(reply.body).toMatchObject({ text: 'On it: deploy api/later to staging.' });
    await new Promise((r) => setTimeout(r, 8000));
    expect(stack.github.deployments).toHaveLength(before);
    stack.github.setFaults(null);
    stack.slack.setFaults(null);
    const deployment = await deploymentOf('later');
    expect(await finalState(deployment.id)).toBe('success');
    await shownFinal(deployment.id);
    expect(stack.circleci.pipelines.filter((p) => p.branch === 'later')).toHaveLength(1);
  }, 90_000);

  it('SIGTERM to heaven and the bot in the middle of a deployment: it finishes, once', async () => {
    await stack.slash('api/slow to staging', ALICE);
    const deployment = await deploymentOf('slow');
    await waitFor(
      () => stack.github.statusesOf(deployment.id).some((s) => s.state === 'in_progress'),
      'the deployment to run',
      20_000,
    );
    expect(await stack.services.heaven.stop()).toBe(0);
    expect(await stack.services.bot.stop()).toBe(0);
    await Promise.all([stack.services.heaven.start(), stack.services.bot.start()]);
    await redeliverFailed();
    expect(await finalState(deployment.id)).toBe('success');
    await shownFinal(deployment.id);
    expect(stack.circleci.pipelines.filter((p) => p.branch === 'slow')).toHaveLength(1);
    expect(stack.github.deployments.filter((d) => d.ref === 'slow')).toHaveLength(1);
  }, 90_000);
});
