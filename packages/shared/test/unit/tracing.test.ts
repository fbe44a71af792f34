import { afterEach, describe, expect, it } from '@jest/globals';
import { signChatopsPayload, signedTrace } from '@chatops/shared/contracts';
import { activeTraceparent, inSpan, tracingEnabled, tracingRequested } from '@chatops/shared/runtime';
import { startInMemoryTracing, type InMemoryTracing } from '../helpers/in-memory-tracing.js';

describe('tracingRequested: only the standard OTEL_* variables turn tracing on', () => {
  it.each([
    [{}, false],
    [{ OTEL_SERVICE_NAME: 'x' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_TRACES_EXPORTER: 'console' }, true],
    [{ OTEL_TRACES_EXPORTER: 'otlp,console' }, true],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }, false],
    [{ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }, false],
    [{ OTEL_SDK_DISABLED: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }, true],
  ])('%j → %s', (env, on) => {
    expect(tracingRequested(env)).toBe(on);
  });
});

describe('off (the default)', () => {
  it('makes no span, reads no context and has no traceparent to give', async () => {
    expect(tracingEnabled()).toBe(false);
    let given: unknown = 'not called';
    await inSpan('chatops', 'work', { parent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` }, async (span) => {
      given = span;
    });
    expect(given).toBeUndefined();
    expect(activeTraceparent()).toBeUndefined();
  });
});

describe('on', () => {
  let tracing: InMemoryTracing;
  afterEach(async () => {
    await tracing.stop();
  });

  it('continues the given trace: same trace id, the given span as parent, the active span as a link', async () => {
    tracing = startInMemoryTracing();
    const parent = `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`;
    let inner: string | undefined;
    await inSpan('chatops', 'webhook', {}, () =>
      inSpan('chatops', 'deployment', { parent }, async () => {
        inner = activeTraceparent();
      }),
    );
    const [deployment, webhook] = tracing.spans();
    expect(deployment!.name).toBe('deployment');
    expect(deployment!.spanContext().traceId).toBe('1'.repeat(32));
    expect(deployment!.parentSpanContext?.spanId).toBe('2'.repeat(16));
    expect(deployment!.links.map((l) => l.context.spanId)).toEqual([webhook!.spanContext().spanId]);
    expect(inner).toBe(`00-${'1'.repeat(32)}-${deployment!.spanContext().spanId}-01`);
  });

  it('starts under the active span when the given traceparent is not one, and records a failure', async () => {
    tracing = startInMemoryTracing();
    await expect(
      inSpan('chatops', 'outer', {}, () =>
        inSpan('chatops', 'inner', { parent: '00-zz-not-a-traceparent' }, async () => {
          throw new Error('the CI refused');
        }),
      ),
    ).rejects.toThrow('the CI refused');
    const [inner, outer] = tracing.spans();
    expect(inner!.spanContext().traceId).toBe(outer!.spanContext().traceId);
    expect(inner!.parentSpanContext?.spanId).toBe(outer!.spanContext().spanId);
    expect(inner!.links).toEqual([]);
    expect(inner!.status).toEqual({ code: 2, message: 'the CI refused' });
  });
});

describe('signedTrace: a trace only from a payload signed for this deployment', () => {
  const secret = 's3cret-payload-key';
  const traceparent = `00-${'c'.repeat(32)}-${'d'.repeat(16)}-01`;
  const target = { repository: 'acme/api', environment: 'staging', ref: 'main', task: 'deploy' };
  const chatops = (trace?: string) =>
    signChatopsPayload(
      {
        version: 1,
        app: 'api',
        requester: { slack_user_id: 'U1', name: 'ada' },
        nonce: 'a'.repeat(32),
        ...(trace ? { trace } : {}),
      },
      target,
      secret,
    );
  const deployment = (payload: unknown) => ({ payload, environment: 'staging', ref: 'main', task: 'deploy' });

  it('gives the signed trace', () => {
    expect(signedTrace(deployment({ chatops: chatops(traceparent) }), 'acme/api', secret)).toBe(traceparent);
  });

  it('gives none for an altered trace, another deployment, no trace or no chatops object', () => {
    const altered = { ...chatops(traceparent), trace: `00-${'e'.repeat(32)}-${'d'.repeat(16)}-01` };
    expect(signedTrace(deployment({ chatops: altered }), 'acme/api', secret)).toBeUndefined();
    expect(
      signedTrace({ ...deployment({ chatops: chatops(traceparent) }), ref: 'other' }, 'acme/api', secret),
    ).toBeUndefined();
    expect(signedTrace(deployment({ chatops: chatops() }), 'acme/api', secret)).toBeUndefined();
    expect(signedTrace(deployment({}), 'acme/api', secret)).toBeUndefined();
  });
});
