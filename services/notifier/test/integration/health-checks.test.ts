import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { waitFor } from '@chatops/testkit';
import { HealthEndpoint } from '../helpers/health-endpoint.js';
import { chatopsPayload, statusJob } from '../helpers/jobs.js';
import { startNotifier, type Notifier } from '../helpers/start-notifier.js';

let endpoint: HealthEndpoint;
let n: Notifier | undefined;
beforeEach(async () => {
  endpoint = new HealthEndpoint();
  await endpoint.start();
});
afterEach(async () => {
  await n?.close();
  n = undefined;
  await endpoint.stop();
});

const config = () =>
  parseAppsConfig(`
defaults: { environment: staging }
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    channel: C0APP
    environments:
      staging: { channel: C0STAGING, health_check: ${endpoint.url}/healthz }
      qa: {}
`);

const texts = (channel: string) => n!.slack.messagesIn(channel).map((m) => m.text);

describe('health monitors', () => {
  it('alerts exactly once when an environment goes down and once when it recovers', async () => {
    n = await startNotifier({
      config: config(),
      settings: { monitors: true, monitorIntervalMs: 60, failuresBeforeDown: 2 },
    });
    const schedulers = await n.healthChecks.getJobSchedulers(0, -1);
    expect(schedulers.map((s) => s.key)).toEqual(['monitor-api-staging']);
    await waitFor(() => endpoint.hits >= 3, 'healthy probes');
    expect(texts('C0STAGING')).toEqual([]);

    endpoint.status = 503;
    await waitFor(() => texts('C0STAGING').length === 1, 'the down alert');
    const hitsWhenDown = endpoint.hits;
    await waitFor(() => endpoint.hits >= hitsWhenDown + 4, 'more failing probes');
    expect(texts('C0STAGING')).toHaveLength(1);
    expect(texts('C0STAGING')[0]).toMatch(/^api staging is down: unhealthy: 503 in \d+ ms$/);
    expect(JSON.stringify(n.slack.messagesIn('C0STAGING')[0]!.blocks)).toContain('2 failed checks in a row');

    endpoint.status = 200;
    await waitFor(() => texts('C0STAGING').length === 2, 'the recovered alert');
    const hitsWhenUp = endpoint.hits;
    await waitFor(() => endpoint.hits >= hitsWhenUp + 4, 'more healthy probes');
    expect(texts('C0STAGING')).toHaveLength(2);
    expect(texts('C0STAGING')[1]).toMatch(/^api staging recovered after .+ down: healthy in \d+ ms$/);
  });

  it('keeps no schedulers when monitors are off', async () => {
    n = await startNotifier({ config: config(), settings: { monitors: false } });
    expect(await n.healthChecks.getJobSchedulers(0, -1)).toEqual([]);
  });
});

describe('health APP [ENV] from the bot', () => {
  it('probes now and answers the person through response_url', async () => {
    n = await startNotifier({ config: config() });
    const id = await n.addHealth(
      'probe',
      { app: 'api', environment: 'staging', reply: { response_url: n.slack.responseUrl('r1') } },
      'probe-1',
    );
    expect(id).toBe('probe-1');
    await waitFor(() => n!.slack.responsesTo('r1').length === 1, 'the answer');
    const body = n.slack.responsesTo('r1')[0]!.body;
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(
      new RegExp(
        `^:large_green_circle: \\*api staging\\*: healthy in \\d+ ms \\(<${endpoint.url}/healthz\\|health check>\\)$`,
      ),
    );
  });

  it('answers an unknown app or an environment without a health check with what is known', async () => {
    n = await startNotifier({ config: config() });
    await n.addHealth(
      'probe',
      { app: 'nope', environment: 'staging', reply: { response_url: n.slack.responseUrl('r2') } },
      'probe-2',
    );
    await n.addHealth(
      'probe',
      { app: 'api', environment: 'qa', reply: { channel: 'C0ASK', user_id: 'U0BOB' } },
      'probe-3',
    );
    await waitFor(() => n!.slack.responsesTo('r2').length === 1 && texts('C0ASK').length === 1, 'both answers');
    expect(n.slack.responsesTo('r2')[0]!.body.text).toBe(':warning: unknown app "nope"; known apps: api');
    expect(texts('C0ASK')).toEqual(['<@U0BOB> :warning: api qa has no health_check in the apps config']);
    expect(endpoint.hits).toBe(0);
  });
});

describe('after a successful deployment', () => {
  const deploy = async (statusId: number) => {
    const id = await n!.addStatus(
      statusJob({ statusId, state: 'success', payload: chatopsPayload({}, { channel: 'C0CHAT' }) }),
    );
    await waitFor(async () => (await n!.notifications.getJob(id))?.finishedOn, 'the success');
  };
  const healthBlock = () => JSON.stringify(n!.slack.messagesIn('C0CHAT').find((m) => !m.thread_ts)?.blocks ?? []);

  it("adds the health check's verdict to the message", async () => {
    n = await startNotifier({ config: config() });
    await deploy(1);
    await waitFor(() => healthBlock().includes('Health check'), 'the verdict');
    expect(healthBlock()).toMatch(/:large_green_circle: Health check: healthy in \d+ ms/);
  });

  it('says unhealthy after a few tries', async () => {
    endpoint.status = 503;
    n = await startNotifier({ config: config(), settings: { postDeployAttempts: 3, postDeployIntervalMs: 10 } });
    await deploy(1);
    await waitFor(() => healthBlock().includes('Health check'), 'the verdict');
    expect(healthBlock()).toMatch(/:red_circle: Health check: unhealthy: 503 in \d+ ms \(3 tries\)/);
    expect(endpoint.hits).toBe(3);
  });
});
