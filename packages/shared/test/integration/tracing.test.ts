import { afterEach, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import {
  activeTraceparent,
  createGitHubClient,
  createHttpApp,
  createJobBatcher,
  createLogger,
  inSpan,
  registerHealthRoutes,
} from '@chatops/shared/runtime';
import { waitFor } from '@chatops/testkit';
import { startInMemoryTracing, type InMemoryTracing } from '../helpers/in-memory-tracing.js';
import { sendJson, startLocalServer, type LocalServer } from '../helpers/local-server.js';
import { startJobWorker } from '../helpers/start-job-worker.js';

const logger = createLogger({ name: 'test', level: 'silent' });
const schema = z.object({ n: z.number(), trace: z.string().optional() });
const traceIdOf = (traceparent: string | undefined) => traceparent?.split('-')[1];

describe('tracing across a job, a GitHub call and a request', () => {
  let tracing: InMemoryTracing;
  const closers: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await tracing.stop();
  });

  async function queueAndWorker(traceOf?: (d: z.infer<typeof schema>) => string | undefined) {
    const seen: Array<string | undefined> = [];
    const { queue } = startJobWorker(
      'tracing',
      {
        schema,
        logger,
        traceOf,
        handle: async () => {
          seen.push(activeTraceparent());
        },
      },
      closers,
    );
    return { queue, seen };
  }

  it("a job added by the batcher inside a span runs in that span's trace", async () => {
    tracing = startInMemoryTracing();
    const { queue, seen } = await queueAndWorker();
    const batcher = createJobBatcher(queue);
    let producer: string | undefined;
    await inSpan('chatops', 'slash command', {}, async () => {
      producer = activeTraceparent();
      await batcher.add(queue, schema, 'job', { n: 1 }, { jobId: 'one' });
    });
    await waitFor(() => seen.length === 1, 'the job to run');
    expect(traceIdOf(seen[0])).toBe(traceIdOf(producer));
    // The job's span ends after the handler returned.
    const process = await waitFor(() => tracing.spans().find((s) => s.name === 'process jobs'), 'the job span');
    expect(process?.parentSpanContext?.spanId).toBe(producer?.split('-')[2]);
  });

  it('traceOf puts the handler in the trace its data carries, linked to the job it came with', async () => {
    tracing = startInMemoryTracing();
    const carried = `00-${'3'.repeat(32)}-${'4'.repeat(16)}-01`;
    const { queue, seen } = await queueAndWorker((d) => d.trace);
    await createJobBatcher(queue).add(queue, schema, 'job', { n: 1, trace: carried }, { jobId: 'two' });
    await waitFor(() => seen.length === 1, 'the job to run');
    expect(traceIdOf(seen[0])).toBe('3'.repeat(32));
    await waitFor(() => tracing.spans().some((s) => s.name === 'process jobs'), 'the job span');
    const handler = tracing.spans().find((s) => s.name === 'jobs job')!;
    const process = tracing.spans().find((s) => s.name === 'process jobs')!;
    expect(handler.parentSpanContext?.spanId).toBe('4'.repeat(16));
    expect(handler.links.map((l) => l.context.spanId)).toEqual([process.spanContext().spanId]);
  });

  it("a GitHub call is a client span named by the route's template, with its status", async () => {
    tracing = startInMemoryTracing();
    const server: LocalServer = await startLocalServer((_req, res) => sendJson(res, 201, { id: 7 }));
    closers.push(() => server.close());
    const octokit = createGitHubClient({
      baseUrl: server.url,
      credentials: { token: 'ghp_test_token' },
      writeIntervalMs: 0,
      logger,
    });
    await octokit.rest.repos.createDeployment({ owner: 'acme', repo: 'api', ref: 'main' });
    const span = tracing.spans().find((s) => s.name.startsWith('GitHub '));
    expect(span?.name).toBe('GitHub POST /repos/{owner}/{repo}/deployments');
    expect(span?.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.response.status_code': 201 });
    expect(JSON.stringify(span?.attributes)).not.toContain('acme');
  });

  it('a request gets a server span; health probes get none', async () => {
    tracing = startInMemoryTracing();
    const app = createHttpApp({ logger });
    registerHealthRoutes(app, { redis: async () => true, workers: () => true } as never);
    app.post('/slack/commands', async () => ({ ok: true }));
    closers.push(() => app.close());
    await app.ready();
    expect((await app.inject({ method: 'POST', url: '/slack/commands', payload: {} })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect(tracing.spans().map((s) => [s.name, s.attributes['http.route']])).toEqual([
      ['POST /slack/commands', '/slack/commands'],
    ]);
  });
});
