import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { enableTracing } from '@chatops/shared/runtime';

export type InMemoryTracing = {
  spans(): ReadableSpan[];
  stop(): Promise<void>;
};

/** A tracer provider whose spans stay in memory, registered globally, and chatops' tracing turned on. */
export function startInMemoryTracing(): InMemoryTracing {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register();
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
