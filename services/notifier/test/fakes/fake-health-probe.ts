import type { HealthProbe, ProbeResult } from '../../src/ports.js';

/** A health probe that answers what the test sets, and counts the URLs it was asked. */
export class FakeHealthProbe implements HealthProbe {
  result: ProbeResult = { healthy: true, status: 200, latencyMs: 12 };
  readonly urls: string[] = [];

  async probe(url: string): Promise<ProbeResult> {
    this.urls.push(url);
    return this.result;
  }
}
