import type { HealthProbe, ProbeResult } from '../ports.js';

export type HttpHealthProbeOptions = {
  timeoutMs: number;
  maxRedirects: number;
  now?: () => number;
  fetch?: typeof fetch;
};

/**
 * Probes a health_check URL with GET: healthy on a 2xx answer within the timeout. Redirects are
 * followed by hand, at most `maxRedirects` times and only on the URL's origin (the same scheme,
 * host and port: no other host, no other port, no https → http); bodies are never read.
 */
export function createHttpHealthProbe(options: HttpHealthProbeOptions): HealthProbe {
  const now = options.now ?? (() => performance.now());
  const doFetch = options.fetch ?? fetch;
  return {
    async probe(url) {
      const started = now();
      const signal = AbortSignal.timeout(options.timeoutMs);
      const done = (r: Omit<ProbeResult, 'latencyMs'>): ProbeResult => ({
        ...r,
        latencyMs: Math.round(now() - started),
      });
      const origin = new URL(url).origin;
      let current = new URL(url);
      for (let hop = 0; ; hop++) {
        let res: Response;
        try {
          res = await doFetch(current, {
            method: 'GET',
            redirect: 'manual',
            signal,
            headers: { 'user-agent': 'chatops-notifier' },
          });
        } catch (e) {
          return done({ healthy: false, error: describeFetchError(e, options.timeoutMs) });
        }
        await res.body?.cancel().catch(() => undefined);
        const location = res.headers.get('location');
        if (res.status >= 300 && res.status < 400 && location) {
          if (hop >= options.maxRedirects)
            return done({ healthy: false, status: res.status, error: `more than ${options.maxRedirects} redirects` });
          const next = URL.canParse(location, current.href) ? new URL(location, current) : null;
          if (!next || next.origin === 'null' || next.origin !== origin) {
            const where = next ? next.origin.slice(0, 200) : 'an invalid location';
            return done({
              healthy: false,
              status: res.status,
              error: `redirect off the origin ${origin} (to ${where})`,
            });
          }
          current = next;
          continue;
        }
        return done({ healthy: res.status >= 200 && res.status < 300, status: res.status });
      }
    },
  };
}

function describeFetchError(e: unknown, timeoutMs: number): string {
  const error = e as Error & { cause?: { code?: string } };
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  const code = error.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  return code ? code.toLowerCase() : error.message;
}
