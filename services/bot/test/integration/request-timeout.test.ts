import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createLogger, createMetrics, HTTP_TIMEOUTS, parseAppsConfig } from '@chatops/shared/runtime';
import { buildApp } from '../../src/app.js';
import type { BotStorePort, ProducerPort } from '../../src/ports.js';
import { TEST_CONFIG } from '../helpers/test-config.js';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

const producer = { command: async () => undefined, control: async () => undefined, health: async () => undefined };

describe('request timeouts', () => {
  it(
    'a slash command whose body trickles in a byte a second is cut off after the request timeout',
    async () => {
      const app = buildApp({
        config: parseAppsConfig(TEST_CONFIG),
        signingSecret: 'timeout-secret-0123456789',
        producer: producer satisfies ProducerPort,
        store: {} as BotStorePort,
        metrics: createMetrics('bot', { defaults: false }),
        readiness: {},
        logger: createLogger({ name: 'bot', level: 'silent' }),
      });
      close = () => app.close();
      await app.listen({ port: 0, host: '127.0.0.1' });
      const socket = connect((app.server.address() as AddressInfo).port, '127.0.0.1');
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
      expect(elapsed).toBeGreaterThanOrEqual(HTTP_TIMEOUTS.requestTimeoutMs - 100);
      expect(elapsed).toBeLessThan(HTTP_TIMEOUTS.requestTimeoutMs + 3000);
      expect(sent).toBeLessThan(100);
    },
    HTTP_TIMEOUTS.requestTimeoutMs + 10_000,
  );
});
