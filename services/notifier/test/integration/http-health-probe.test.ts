import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHttpHealthProbe } from '../../src/adapters/http-health-probe.js';
import { HealthEndpoint } from '../helpers/health-endpoint.js';

let endpoint: HealthEndpoint;
beforeEach(async () => {
  endpoint = new HealthEndpoint();
  await endpoint.start();
});
afterEach(async () => {
  await endpoint.stop();
});

const probe = createHttpHealthProbe({ timeoutMs: 300, maxRedirects: 2 });

describe('createHttpHealthProbe', () => {
  it('is healthy on a 2xx answer and measures the latency', async () => {
    const result = await probe.probe(`${endpoint.url}/healthz`);
    expect(result).toMatchObject({ healthy: true, status: 200 });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('is unhealthy on a 5xx answer', async () => {
    endpoint.status = 503;
    expect(await probe.probe(`${endpoint.url}/healthz`)).toMatchObject({ healthy: false, status: 503 });
  });

  it('follows a redirect on the same host', async () => {
    endpoint.redirects.set('/healthz', '/ready');
    expect(await probe.probe(`${endpoint.url}/healthz`)).toMatchObject({ healthy: true, status: 200 });
    expect(endpoint.hits).toBe(2);
  });

  it('stops after the redirect limit', async () => {
    endpoint.redirects.set('/a', '/b');
    endpoint.redirects.set('/b', '/a');
    expect(await probe.probe(`${endpoint.url}/a`)).toMatchObject({
      healthy: false,
      status: 302,
      error: 'more than 2 redirects',
    });
    expect(endpoint.hits).toBe(3);
  });

  it('never follows a redirect to another host', async () => {
    endpoint.redirects.set('/healthz', 'http://169.254.169.254/latest/meta-data');
    expect(await probe.probe(`${endpoint.url}/healthz`)).toMatchObject({
      healthy: false,
      status: 302,
      error: `redirect off the origin ${endpoint.url} (to http://169.254.169.254)`,
    });
    expect(endpoint.hits).toBe(1);
  });

  it('never follows a redirect to another port of the same host', async () => {
    const other = new HealthEndpoint();
    await other.start();
    try {
      endpoint.redirects.set('/healthz', `${other.url}/healthz`);
      expect(await probe.probe(`${endpoint.url}/healthz`)).toMatchObject({
        healthy: false,
        status: 302,
        error: `redirect off the origin ${endpoint.url} (to ${other.url})`,
      });
      expect(other.hits).toBe(0);
    } finally {
      await other.stop();
    }
  });

  it('never follows a redirect to another scheme of the same host and port', async () => {
    const https = endpoint.url.replace('http:', 'https:');
    endpoint.redirects.set('/healthz', `${https}/healthz`);
    expect(await probe.probe(`${endpoint.url}/healthz`)).toMatchObject({
      healthy: false,
      status: 302,
      error: `redirect off the origin ${endpoint.url} (to ${https})`,
    });
    expect(endpoint.hits).toBe(1);
  });

  it('gives up at the timeout', async () => {
    endpoint.hang = true;
    expect(await probe.probe(`${endpoint.url}/healthz`)).toMatchObject({
      healthy: false,
      error: 'timed out after 300 ms',
    });
  });

  it('says when nothing listens', async () => {
    const url = `${endpoint.url}/healthz`;
    await endpoint.stop();
    expect(await probe.probe(url)).toMatchObject({ healthy: false, error: 'connection refused' });
  });
});

describe('createHttpHealthProbe over https', () => {
  it('never follows a downgrade from https to http on the same host', async () => {
    const asked: string[] = [];
    const fakeFetch = async (input: string | URL | Request) => {
      asked.push(String(input));
      return new Response(null, { status: 301, headers: { location: 'http://status.example.com/healthz' } });
    };
    const secure = createHttpHealthProbe({ timeoutMs: 300, maxRedirects: 2, fetch: fakeFetch as typeof fetch });
    expect(await secure.probe('https://status.example.com/healthz')).toMatchObject({
      healthy: false,
      status: 301,
      error: 'redirect off the origin https://status.example.com (to http://status.example.com)',
    });
    expect(asked).toEqual(['https://status.example.com/healthz']);
  });

  it('follows a redirect that keeps scheme, host and port', async () => {
    const asked: string[] = [];
    const fakeFetch = async (input: string | URL | Request) => {
      asked.push(String(input));
      return asked.length === 1
        ? new Response(null, { status: 302, headers: { location: 'https://status.example.com:443/ready' } })
        : new Response('ok', { status: 200 });
    };
    const secure = createHttpHealthProbe({ timeoutMs: 300, maxRedirects: 2, fetch: fakeFetch as typeof fetch });
    expect(await secure.probe('https://status.example.com/healthz')).toMatchObject({ healthy: true, status: 200 });
    expect(asked).toEqual(['https://status.example.com/healthz', 'https://status.example.com/ready']);
  });
});
