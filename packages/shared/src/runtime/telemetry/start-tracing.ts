import { enableTracing } from './tracing.js';

type OtelEnv = Record<string, string | undefined>;

/**
 * Whether the standard `OTEL_*` variables ask for traces: an exporter (`OTEL_TRACES_EXPORTER` other
 * than `none`) or an OTLP endpoint, and `OTEL_SDK_DISABLED` not `true`. Unset, tracing stays off.
 */
export function tracingRequested(env: OtelEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (exporters.includes('none')) return false;
  return (
    exporters.length > 0 || Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT) || Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
  );
}

/**
 * Starts OpenTelemetry's Node SDK when the `OTEL_*` variables ask for traces (see `tracingRequested`),
 * configured by them alone: exporter, endpoint, protocol, headers, sampler, batch settings, resource
 * attributes. `OTEL_SERVICE_NAME` defaults to `chatops-<service>`. Traces only: logs and metrics are
 * not exported unless their own `OTEL_*_EXPORTER` says so (metrics stay on /metrics). Returns the SDK's
 * shutdown (it flushes the spans still buffered), or null when tracing is off; then nothing is loaded.
 */
export async function startTracing(service: string, env: OtelEnv = process.env): Promise<(() => Promise<void>) | null> {
  if (!tracingRequested(env)) return null;
  // The SDK reads process.env itself; these two only keep it from exporting what chatops does not ask for.
  env.OTEL_LOGS_EXPORTER ??= 'none';
  env.OTEL_METRICS_EXPORTER ??= 'none';
  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK(env.OTEL_SERVICE_NAME ? {} : { serviceName: `chatops-${service}` });
  sdk.start();
  enableTracing();
  return async () => {
    enableTracing(false);
    await sdk.shutdown();
  };
}
