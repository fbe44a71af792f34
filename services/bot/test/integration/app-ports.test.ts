import { afterEach, describe, expect, it } from '@jest/globals';
import { createLogger, createMetrics, parseAppsConfig } from '@chatops/shared/runtime';
import { slackSignatureHeaders, slashCommandBody } from '@chatops/testkit';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { BotStorePort, ProducerPort } from '../../src/ports.js';
import { createInject } from '../helpers/inject.js';
import { TEST_CONFIG } from '../helpers/test-config.js';

const SECRET = 'ports-secret-0123456789';
let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

const brokenStore = {
  hit: async () => {
    throw new Error('Connection is closed.');
  },
  cachedGroup: async () => null,
  cacheGroup: async () => undefined,
  saveConfirmation: async () => undefined,
  getConfirmation: async () => null,
  takeConfirmation: async () => null,
  remember: async () => undefined,
  recall: async () => null,
} satisfies BotStorePort;

describe('buildApp with fakes of its ports', () => {
  it('answers the person (200, ephemeral) when Redis is down, and enqueues nothing', async () => {
    const added: string[] = [];
    const producer = {
      command: async (name: string) => void added.push(name),
      control: async () => undefined,
      health: async () => undefined,
    } satisfies ProducerPort;
    app = buildApp({
      config: parseAppsConfig(TEST_CONFIG),
      signingSecret: SECRET,
      producer,
      store: brokenStore,
      metrics: createMetrics('bot', { defaults: false }),
      readiness: { redis: () => false },
      logger: createLogger({ name: 'bot', level: 'silent' }),
    });
    const inject = await createInject(app);
    const body = slashCommandBody({ text: 'api to staging', response_url: 'https://hooks.slack.com/commands/T/1/x' });
    const res = await inject({
      method: 'POST',
      url: '/slack/commands',
      headers: slackSignatureHeaders(SECRET, body),
      payload: body,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      response_type: 'ephemeral',
      text: 'Sorry, I cannot take commands right now (my queue is unavailable). Please try again in a moment.',
    });
    expect(added).toEqual([]);
    const ready = await inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
  });
});
