import { context, trace, type TracerProvider } from '@opentelemetry/api';
import type { JobsOptions, Telemetry } from 'bullmq';
import { BullMQOtel } from 'bullmq-otel';
import { tracingEnabled } from './tracing.js';

/** One per registered tracer provider (a test registers a new one; BullMQOtel keeps the tracer it got). */
let cached: { provider: TracerProvider; telemetry: BullMQOtel } | undefined;

/**
 * BullMQ's own OpenTelemetry (bullmq-otel) for queues and workers while tracing is on: a worker's
 * `process <queue>` span continues the trace of whoever added the job. Undefined when off.
 */
export function queueTelemetry(): Telemetry | undefined {
  if (!tracingEnabled()) return undefined;
  const provider = trace.getTracerProvider();
  if (cached?.provider !== provider) cached = { provider, telemetry: new BullMQOtel('chatops') };
  return cached.telemetry as unknown as Telemetry;
}

/**
 * The job options with the active trace context in BullMQ's own field (`telemetry.metadata`), as
 * `Queue.add` puts it there: for jobs added by our batchers, which build jobs without `Queue.add`.
 * Unchanged when tracing is off.
 */
export function withTraceContext<O extends JobsOptions>(opts: O): O {
  const t = queueTelemetry();
  if (!t) return opts;
  return { ...opts, telemetry: { ...opts.telemetry, metadata: t.contextManager.getMetadata(context.active()) } };
}
