import { afterEach, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ExternalApiError } from '@chatops/shared/contracts';
import { collectQueueDepth, createLogger, createMetrics, instrumentPort, type Metrics } from '@chatops/shared/runtime';
import { waitFor } from '@chatops/testkit';
import { startJobWorker } from '../helpers/start-job-worker.js';

const schema = z.object({ n: z.number() });
const logger = createLogger({ name: 'test', level: 'silent' });

async function value(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => name === m.name || name === `${m.name}_count`);
  const found = metric?.values.find(
    (v) =>
      ((v as { metricName?: string }).metricName ?? metric.name) === name &&
      Object.entries(labels).every(([k, l]) => String((v.labels as Record<string, unknown>)[k]) === l),
  );
  return found?.value;
}

describe('job and queue metrics', () => {
  const closers: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function setup(handle: (data: { n: number }) => Promise<unknown>) {
    const metrics = createMetrics('test', { defaults: false });
    const { queue, worker } = startJobWorker(
      'metrics',
      { schema, logger, metrics, handle: async (d) => handle(d) },
      closers,
    );
    return { queue, metrics, worker };
  }

  it('counts a retry that runs again as retried, and a last failed attempt only as failed', async () => {
    const { queue, metrics } = await setup(async (d) => {
      if (d.n === 1) throw new ExternalApiError('github', 'boom', { status: 502, retryable: true });
      return 'ok';
    });
    const failing = await queue.add('x', { n: 1 }, { attempts: 2, backoff: { type: 'fixed', delay: 5 } });
    await queue.add('y', { n: 2 });
    await waitFor(async () => (await failing.isFailed()) || null, 'the failing job to fail for good');
    await waitFor(
      async () => ((await value(metrics, 'chatops_jobs_total', { outcome: 'completed' })) === 1 ? true : null),
      'the completed count',
    );
    expect(await value(metrics, 'chatops_jobs_total', { queue: 'jobs', outcome: 'retried' })).toBe(1);
    expect(await value(metrics, 'chatops_jobs_total', { queue: 'jobs', outcome: 'failed' })).toBe(1);
    expect(await value(metrics, 'chatops_jobs_total', { queue: 'jobs', outcome: 'completed' })).toBe(1);
  });

  it('reads queue depth by state from the queue', async () => {
    const { queue, metrics, worker } = await setup(async () => 'ok');
    await worker.pause();
    await queue.add('a', { n: 1 });
    await queue.add('b', { n: 2 });
    await queue.add('c', { n: 3 }, { delay: 60_000 });
    await collectQueueDepth(metrics, [queue]);
    expect(await value(metrics, 'chatops_queue_jobs', { queue: 'jobs', state: 'waiting' })).toBe(2);
    expect(await value(metrics, 'chatops_queue_jobs', { queue: 'jobs', state: 'delayed' })).toBe(1);
    expect(await value(metrics, 'chatops_queue_jobs', { queue: 'jobs', state: 'failed' })).toBe(0);
  });
});

describe('instrumentPort', () => {
  it('times each call by API and outcome and counts errors by status, passing results and errors through', async () => {
    const metrics = createMetrics('test', { defaults: false });
    const port = instrumentPort(
      {
        label: 'CI',
        ok: async (x: number) => x * 2,
        gone: async () => {
          throw new ExternalApiError('github', 'Not Found', { status: 404, retryable: false });
        },
        down: async () => {
          throw new Error('ECONNREFUSED');
        },
      },
      'github',
      metrics,
    );
    expect(port.label).toBe('CI');
    expect(await port.ok(21)).toBe(42);
    await expect(port.gone()).rejects.toThrow('Not Found');
    await expect(port.down()).rejects.toThrow('ECONNREFUSED');
    expect(
      await value(metrics, 'chatops_external_api_call_duration_seconds_count', { api: 'github', outcome: 'ok' }),
    ).toBe(1);
    expect(
      await value(metrics, 'chatops_external_api_call_duration_seconds_count', { api: 'github', outcome: 'error' }),
    ).toBe(2);
    expect(await value(metrics, 'chatops_external_api_errors_total', { api: 'github', status: '404' })).toBe(1);
    expect(await value(metrics, 'chatops_external_api_errors_total', { api: 'github', status: 'none' })).toBe(1);
  });
});
