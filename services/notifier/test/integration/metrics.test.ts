import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { prometheusSample as sample, waitFor } from '@chatops/testkit';
import { HealthEndpoint } from '../helpers/health-endpoint.js';
import { statusJob, testConfig } from '../helpers/jobs.js';
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

const config = () => testConfig(`${endpoint.url}/healthz`);

const scrape = async () => (await n!.app.inject({ method: 'GET', url: '/metrics' })).body;

describe('notifier metrics', () => {
  it('shows the health-check state of an environment: 1 while up, 0 once down', async () => {
    n = await startNotifier({
      config: config(),
      env: { HEALTH_MONITORS: 'true', HEALTH_MONITOR_INTERVAL_MS: '50', HEALTH_FAILURES_BEFORE_DOWN: '2' },
    });
    const up = () => sample(text, 'chatops_health_check_up', { app: 'api', environment: 'staging' });
    let text = '';
    await waitFor(async () => {
      text = await scrape();
      return up() === 1 || null;
    }, 'the up state');
    endpoint.status = 503;
    await waitFor(() => n!.slack.messagesIn('C0STAGING').length === 1, 'the down alert');
    await waitFor(async () => {
      text = await scrape();
      return up() === 0 || null;
    }, 'the down state');
    expect(
      sample(text, 'chatops_external_api_call_duration_seconds_count', { api: 'slack', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('counts notification jobs, Slack calls, their errors and the queue depth', async () => {
    n = await startNotifier({ config: config() });
    await n.addStatus(statusJob({ statusId: 1, state: 'in_progress', chatops: {} }));
    await waitFor(() => n!.slack.messagesIn('C0STAGING').length === 1, 'the deployment message');
    n.slack.failMethod('chat.update', { error: 'invalid_auth' });
    await n.addStatus(statusJob({ statusId: 2, state: 'success', chatops: {} }));
    let text = '';
    await waitFor(async () => {
      text = await scrape();
      // The counter moves at the worker's 'failed' event; the queue's own count once BullMQ moved the job.
      const failed = sample(text, 'chatops_jobs_total', { queue: 'notifications', outcome: 'failed' }) === 1;
      return (failed && sample(text, 'chatops_queue_jobs', { queue: 'notifications', state: 'failed' }) === 1) || null;
    }, 'the failed job');
    expect(sample(text, 'chatops_jobs_total', { queue: 'notifications', outcome: 'completed' })).toBe(1);
    expect(
      sample(text, 'chatops_external_api_call_duration_seconds_count', { api: 'slack', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'chatops_external_api_errors_total', { api: 'slack', status: '200' })).toBe(1);
    expect(sample(text, 'chatops_queue_jobs', { queue: 'notifications', state: 'failed' })).toBe(1);
    expect(sample(text, 'chatops_queue_jobs', { queue: 'health-checks', state: 'waiting' })).toBe(0);
  });
});
