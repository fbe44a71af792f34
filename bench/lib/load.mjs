// The load generator: autocannon, in the benchmark's own process (every server is another process).
import autocannon from 'autocannon';

/** One run: `connections` connections, `seconds` long; closed loop, or at most `rate` requests a second in all. */
export async function load(url, requests, { connections, seconds, rate = 0 }) {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests,
    pipelining: 1,
    timeout: 10,
    ...(rate > 0 ? { overallRate: rate } : {}),
  });
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
