import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { waitFor } from '@chatops/testkit';
import { FakeClock } from '../fakes/fake-clock.js';
import { FakeHealthProbe } from '../fakes/fake-health-probe.js';
import { HealthEndpoint } from '../helpers/health-endpoint.js';
import { statusJob } from '../helpers/jobs.js';
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
      env: { HEALTH_MONITORS: 'true', HEALTH_MONITOR_INTERVAL_MS: '60', HEALTH_FAILURES_BEFORE_DOWN: '2' },
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
    n = await startNotifier({ config: config(), env: { HEALTH_MONITORS: 'false' } });
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

  it('answers an unknown app or an environment without a health check with what is known, escaped', async () => {
    n = await startNotifier({ config: config() });
    await n.addHealth(
      'probe',
      { app: '<!channel> nope', environment: 'staging', reply: { response_url: n.slack.responseUrl('r2') } },
      'probe-2',
    );
    await n.addHealth(
      'probe',
      { app: 'api', environment: 'qa', reply: { channel: 'C0ASK', user_id: 'U0BOB' } },
      'probe-3',
    );
    await n.addHealth(
      'probe',
      { app: 'api', environment: 'qa', reply: { channel: 'C0ASK', user_id: 'U0BOB> <!here' } },
      'probe-4',
    );
    await waitFor(() => n!.slack.responsesTo('r2').length === 1 && texts('C0ASK').length === 2, 'the answers');
    expect(n.slack.responsesTo('r2')[0]!.body.text).toBe(
      ':warning: unknown app "&lt;!channel&gt; nope"; known apps: api',
    );
    expect(texts('C0ASK').sort()).toEqual([
      ':warning: api qa has no health_check in the apps config',
      '<@U0BOB> :warning: api qa has no health_check in the apps config',
    ]);
    expect(endpoint.hits).toBe(0);
  });

  it('answers with an ephemeral message once the response_url is past its 30 minutes', async () => {
    n = await startNotifier({ config: config() });
    const asked = new Date(Date.now() - 31 * 60_000).toISOString();
    const reply = { response_url: n.slack.responseUrl('r5'), channel: 'C0ASK', user_id: 'U0BOB', received_at: asked };
    await n.addHealth('probe', { app: 'api', environment: 'staging', reply }, 'probe-5');
    await waitFor(() => n!.slack.callsOf('chat.postEphemeral').length === 1, 'the ephemeral answer');
    const [call] = n.slack.callsOf('chat.postEphemeral');
    expect(call!.args).toMatchObject({ channel: 'C0ASK', user: 'U0BOB' });
    expect(String(call!.args.text)).toMatch(/^:large_green_circle: \*api staging\*: healthy in \d+ ms/);
    expect(n.slack.responsesTo('r5')).toEqual([]);
  });
});

describe('health monitors with a fake probe and clock', () => {
  it('reminds while down no more often than HEALTH_REMINDER_INTERVAL_MS, by the clock it is given', async () => {
    const probe = new FakeHealthProbe();
    const clock = new FakeClock();
    n = await startNotifier({
      config: config(),
      env: { HEALTH_FAILURES_BEFORE_DOWN: '1', HEALTH_REMINDER_INTERVAL_MS: '600000' },
      overrides: { probe, clock },
    });
    probe.result = { healthy: false, status: 503, latencyMs: 8 };
    const run = async (i: number) => {
      await n!.addHealth('monitor', { app: 'api', environment: 'staging' }, `monitor-${i}`);
      await waitFor(async () => (await n!.healthChecks.getJob(`monitor-${i}`))?.finishedOn, `monitor run ${i}`);
    };
    await run(1);
    clock.advance(5 * 60_000);
    await run(2);
    clock.advance(5 * 60_000);
    await run(3);
    expect(texts('C0STAGING')).toEqual([
      'api staging is down: unhealthy: 503 in 8 ms',
      'api staging is still down for 10m 00s: unhealthy: 503 in 8 ms',
    ]);
    expect(probe.urls).toEqual([`${endpoint.url}/healthz`, `${endpoint.url}/healthz`, `${endpoint.url}/healthz`]);
    expect(endpoint.hits).toBe(0);
  });
});

describe('after a successful deployment', () => {
  const deploy = async (statusId: number) => {
    const id = await n!.addStatus(statusJob({ statusId, state: 'success', chatops: { slack: { channel: 'C0CHAT' } } }));
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
    n = await startNotifier({
      config: config(),
      env: { POST_DEPLOY_PROBE_ATTEMPTS: '3', POST_DEPLOY_PROBE_INTERVAL_MS: '10' },
    });
    await deploy(1);
    await waitFor(() => healthBlock().includes('Health check'), 'the verdict');
    expect(healthBlock()).toMatch(/:red_circle: Health check: unhealthy: 503 in \d+ ms \(3 tries\)/);
    expect(endpoint.hits).toBe(3);
  });
});
