import { context, type Link, type Span, SpanKind, SpanStatusCode, trace, type TraceFlags } from '@opentelemetry/api';

/**
 * Tracing is on once `startTracing` started the OpenTelemetry SDK (an `OTEL_*` exporter is set), or a
 * test registered a tracer provider and called `enableTracing`. Off, nothing below creates a span,
 * reads a context or adds a field: the only cost is this flag.
 */
let enabled = false;

export function enableTracing(on = true): void {
  enabled = on;
}

export function tracingEnabled(): boolean {
  return enabled;
}

/** The tracer of one service's own spans: `chatops-bot`, `chatops-heaven`, `chatops-notifier`, `chatops`. */
export function chatopsTracer(service = 'chatops') {
  return trace.getTracer(service === 'chatops' ? 'chatops' : `chatops-${service}`);
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The active span's W3C `traceparent` (`00-<trace id>-<span id>-<flags>`), or undefined (off, or no span). */
export function activeTraceparent(): string | undefined {
  if (!enabled) return undefined;
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const { traceId, spanId, traceFlags } = span.spanContext();
  if (!trace.isSpanContextValid(span.spanContext())) return undefined;
  return `00-${traceId}-${spanId}-${(traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** The remote span context of a `traceparent`, or undefined when it is not one (version 00 only). */
function parseTraceparent(value: string | undefined) {
  const m = value ? TRACEPARENT.exec(value) : null;
  if (!m) return undefined;
  const spanContext = { traceId: m[1]!, spanId: m[2]!, traceFlags: Number.parseInt(m[3]!, 16) as TraceFlags };
  return trace.isSpanContextValid(spanContext) ? { ...spanContext, isRemote: true } : undefined;
}

export type SpanOptions = {
  kind?: SpanKind;
  attributes?: Record<string, string | number | boolean>;
  /**
   * Continue this trace (a `traceparent` from a signed chatops payload) instead of the active one; the
   * active span, if any, becomes a link (the webhook or job that brought the work here).
   */
  parent?: string;
};

/**
 * Runs `fn` inside a new span of `tracer` (its status ERROR, with the exception, when `fn` throws).
 * Off, it only calls `fn`.
 */
export async function inSpan<T>(
  tracer: string,
  name: string,
  options: SpanOptions,
  fn: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  if (!enabled) return fn(undefined);
  const remote = parseTraceparent(options.parent);
  const active = trace.getActiveSpan();
  const links: Link[] = remote && active ? [{ context: active.spanContext() }] : [];
  const parentContext = remote ? trace.setSpanContext(context.active(), remote) : context.active();
  const span = chatopsTracer(tracer).startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links },
    parentContext,
  );
  try {
    return await context.with(trace.setSpan(parentContext, span), () => fn(span));
  } catch (e) {
    span.recordException(e as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message });
    throw e;
  } finally {
    span.end();
  }
}

/** `inSpan` for a call to another system: a client span named by what is called, never by its values. */
export function inClientSpan<T>(
  name: string,
  attributes: Record<string, string | number | boolean>,
  fn: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  return inSpan('chatops', name, { kind: SpanKind.CLIENT, attributes }, fn);
}
