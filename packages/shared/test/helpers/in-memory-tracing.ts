import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { enableTracing } from '@chatops/shared/runtime';

export type InMemoryTracing = {
  spans(): ReadableSpan[];
  stop(): Promise<void>;
};

/** A tracer provider whose spans stay in memory, registered globally, and chatops' tracing turned on. */
export function startInMemoryTracing(): InMemoryTracing {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  // As the SDK does by default (OTEL_PROPAGATORS): W3C trace context, which BullMQ's telemetry uses for jobs.
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  enableTracing();
  return {
    spans: () => exporter.getFinishedSpans(),
    async stop() {
      enableTracing(false);
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
