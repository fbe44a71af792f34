import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '@chatops/sandbox';
import { prometheusSample as sample, waitFor } from '@chatops/testkit';
import { apiConfig } from './support/api-config.js';

// Issue 6, "watching it run": one grep of a deployment id follows it through the three services'
// JSON logs, and each service's /metrics shows the work it did.
const CONFIG = apiConfig();

type Line = Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const parse = (lines: string[]): Line[] =>
  lines.flatMap((l) => {
    try {
      return [JSON.parse(l) as Line];
    } catch {
      return [];
    }
  });

describe('logs and metrics across the three processes', () => {
  let stack: Stack;
  let deploymentId = 0;

  beforeAll(async () => {
    stack = await startStack({
      config: CONFIG,
      repos: [{ name: 'acme/api', defaultBranch: 'main' }],
      users: [{ id: 'U0ALICE', name: 'alice', real_name: 'Alice Liddell' }],
      circlePlan: () => ({ workflows: [{ name: 'deploy', status: 'success', durationMs: 200 }] }),
      env: { heaven: { HEAVEN_POLL_INTERVAL_MS: '200', HEAVEN_POLL_MAX_MS: '500' } },
      logLevel: 'info',
    });
    await stack.slash('api/main to staging', { user_id: 'U0ALICE', user_name: 'alice', channel_id: 'C0DEPLOYS' });
    const deployment = await waitFor(() => stack.github.deployments[0], 'the deployment', 20_000);
    deploymentId = deployment.id;
    await waitFor(
      () => stack.github.statusesOf(deploymentId).find((s) => s.state === 'success'),
      'the success status',
      30_000,
    );
    await waitFor(
      () =>
        parse(stack.services.notifier.logs).some(
          (l) => l.deploymentId === deploymentId && l.state === 'success' && l.msg === 'deployment status shown',
        ),
      'the notifier to show the success',
      20_000,
    );
  }, 90_000);

  afterAll(async () => stack?.stop(), 60_000);

  it('finds lines of all three services with one grep for the deployment id, carrying request and delivery ids', () => {
    const grep = `"deploymentId":${deploymentId}`;
    const bot = stack.services.bot.logs.filter((l) => l.includes(grep));
    const heaven = stack.services.heaven.logs.filter((l) => l.includes(grep));
    const notifier = stack.services.notifier.logs.filter((l) => l.includes(grep));
    expect(bot.length).toBeGreaterThanOrEqual(1);
    expect(heaven.length).toBeGreaterThanOrEqual(2);
    expect(notifier.length).toBeGreaterThanOrEqual(2);

    const created = parse(bot).find((l) => l.msg === 'deployment created')!;
    expect(created).toMatchObject({ service: 'bot', repository: 'acme/api', environment: 'staging', ref: 'main' });
    const accepted = parse(stack.services.bot.logs).find(
      (l) => l.msg === 'command enqueued' && l.trigger === created.trigger,
    )!;
    expect(accepted.reqId).toMatch(UUID);

    const webhook = parse(heaven).find((l) => l.msg === 'webhook deployment queued')!;
    const delivery = stack.github.deliveries.find((d) => d.event === 'deployment')!;
    expect(webhook).toMatchObject({ service: 'heaven', deliveryId: delivery.id, event: 'deployment' });
    expect(webhook.reqId).toMatch(UUID);
    expect(parse(heaven).find((l) => l.msg === 'deployment success')).toMatchObject({
      deliveryId: delivery.id,
      outcome: 'success',
    });

    const shown = parse(notifier)
      .filter((l) => l.msg === 'deployment status shown')
      .map((l) => l.state);
    expect(shown).toEqual(expect.arrayContaining(['in_progress', 'success']));
    expect(parse(notifier).every((l) => typeof l.deliveryId === 'string')).toBe(true);
  });

  it('shows each service its work on /metrics', async () => {
    const scrape = async (name: 'bot' | 'heaven' | 'notifier') =>
      (await fetch(`${stack.services[name].url}/metrics`)).text();
    const [bot, heaven, notifier] = await Promise.all([scrape('bot'), scrape('heaven'), scrape('notifier')]);
    expect(sample(bot, 'chatops_jobs_total', { service: 'bot', queue: 'chat-commands', outcome: 'completed' })).toBe(1);
    expect(
      sample(bot, 'chatops_external_api_call_duration_seconds_count', { api: 'github', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(bot, 'chatops_external_api_call_duration_seconds_count', { api: 'slack', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(bot, 'chatops_queue_jobs', { queue: 'chat-commands', state: 'waiting' })).toBe(0);
    expect(
      sample(bot, 'chatops_http_request_duration_seconds_count', { route: '/slack/commands', status: '200' }),
    ).toBe(1);
    expect(sample(bot, 'nodejs_heap_size_used_bytes', { service: 'bot' })).toBeGreaterThan(0);
    expect(
      sample(heaven, 'chatops_deployments_total', { app: 'api', environment: 'staging', outcome: 'success' }),
    ).toBe(1);
    expect(
      sample(heaven, 'chatops_deployment_duration_seconds_count', {
        app: 'api',
        environment: 'staging',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(
      sample(heaven, 'chatops_external_api_call_duration_seconds_count', { api: 'circleci', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(notifier, 'chatops_jobs_total', { queue: 'notifications', outcome: 'completed' }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sample(notifier, 'chatops_external_api_call_duration_seconds_count', { api: 'slack', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(2);
  });
});
