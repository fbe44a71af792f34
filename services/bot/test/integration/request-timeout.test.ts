import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createHarness, type Harness } from '../helpers/harness.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Shorter than HTTP_TIMEOUTS' 10 s (createHttpApp's own tests hold that one), to keep the test short. */
const REQUEST_TIMEOUT_MS = 2000;

describe('request timeouts', () => {
  it('a slash command whose body trickles in a byte a second is cut off after the request timeout', async () => {
    h = await createHarness({ overrides: { httpTimeouts: { requestTimeoutMs: REQUEST_TIMEOUT_MS } } });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const socket = connect((h.app.server.address() as AddressInfo).port, '127.0.0.1');
    const started = Date.now();
    let sent = 0;
    socket.write(
      'POST /slack/commands HTTP/1.1\r\nHost: bot\r\n' +
        'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n',
    );
    const trickle = setInterval(() => {
      if (!socket.destroyed) socket.write('a');
      sent += 1;
    }, 1000);
    const answer = await new Promise<string>((resolve) => {
      let data = '';
      socket.on('data', (chunk) => {
        data += String(chunk);
      });
      socket.on('close', () => resolve(data));
      socket.on('error', () => undefined);
    });
    clearInterval(trickle);
    const elapsed = Date.now() - started;
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(elapsed).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(elapsed).toBeLessThan(REQUEST_TIMEOUT_MS + 3000);
    expect(sent).toBeLessThan(100);
  });
});
