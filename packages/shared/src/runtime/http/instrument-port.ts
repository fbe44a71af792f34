import type { Metrics } from './metrics.js';

/**
 * Wraps every method of a port (an adapter of Slack, GitHub or the CI): each call's latency goes
 * to chatops_external_api_call_duration_seconds{api,outcome}, each failure to
 * chatops_external_api_errors_total{api,status}. Non-function fields are kept as they are.
 */
export function instrumentPort<T extends object>(port: T, api: string, metrics: Metrics | undefined): T {
  if (!metrics) return port;
  const wrapped: Record<string, unknown> = {};
  for (const name of propertyNames(port)) {
    const value: unknown = (port as Record<string, unknown>)[name];
    if (typeof value !== 'function') {
      wrapped[name] = value;
      continue;
    }
    wrapped[name] = async (...args: unknown[]) => {
      const end = metrics.externalCalls.startTimer({ api });
      try {
        const result: unknown = await (value as (...a: unknown[]) => unknown).apply(port, args);
        end({ outcome: 'ok' });
        return result;
      } catch (e) {
        end({ outcome: 'error' });
        const status =
          (e as { status?: unknown; context?: { status?: unknown } }).context?.status ??
          (e as { status?: unknown }).status;
        metrics.externalErrors.inc({ api, status: typeof status === 'number' ? String(status) : 'none' });
        throw e;
      }
    };
  }
  return wrapped as T;
}

/** Own and inherited (class) property names, without Object.prototype's. */
function propertyNames(obj: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const name of Object.getOwnPropertyNames(o)) if (name !== 'constructor') names.add(name);
  }
  return [...names];
}
