// The load generator: autocannon, in the benchmark's own process (every server is another process).
import autocannon from 'autocannon';

/** One closed-loop run: `connections` connections, `seconds` long. */
export async function load(url, requests, { connections, seconds }) {
  const result = await autocannon({ url, connections, duration: seconds, requests, pipelining: 1, timeout: 10 });
  const codes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]));
  return {
    rps: result.requests.total / (result.duration || seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    total: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    codes,
  };
}
