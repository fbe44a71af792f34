import { connect } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { HTTP_TIMEOUTS } from '@chatops/shared/runtime';
import { startHarness, type Harness } from '../helpers/harness.js';

describe('request timeouts (createHttpApp)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('cuts off a body that trickles in a byte a second instead of holding the connection for ever', async () => {
    h = await startHarness();
    const { port } = new URL(h.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const started = Date.now();
    socket.write(
      'POST /webhooks/github HTTP/1.1\r\nHost: heaven\r\nContent-Type: application/json\r\n' +
        'Content-Length: 100000\r\n\r\n',
    );
    const trickle = setInterval(() => socket.writable && socket.write('{'), 1000);
    let answer = '';
    socket.on('data', (chunk) => {
      answer += String(chunk);
    });
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('close', resolve));
    clearInterval(trickle);
    const heldMs = Date.now() - started;
    // Node checks request timeouts every 30 s (http's connectionsCheckingInterval), so the cut comes
    // between the timeout and 30 s later.
    expect(heldMs).toBeGreaterThanOrEqual(HTTP_TIMEOUTS.requestTimeoutMs - 100);
    expect(heldMs).toBeLessThan(HTTP_TIMEOUTS.requestTimeoutMs + 31_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  }, 60_000);
});
