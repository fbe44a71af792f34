import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ConfigError } from '@chatops/shared/contracts';
import { baseEnvShape, loadEnv, portSchema } from '@chatops/shared/runtime';

const { CHATOPS_PAYLOAD_SECRET: _payloadSecret, ...shape } = baseEnvShape;
const schema = z.object({
  ...shape,
  PORT: portSchema(3000),
  SLACK_BOT_TOKEN: z.string().min(1),
  SLACK_SIGNING_SECRET: z.string().min(1),
});

describe('loadEnv', () => {
  it('fills defaults and reads variables', () => {
    const env = loadEnv(schema, { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's3cret' });
    expect(env).toMatchObject({
      PORT: 3000,
      REDIS_URL: 'redis://127.0.0.1:6379',
      HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
      CHATOPS_QUEUE_PREFIX: '{chatops}',
    });
  });

  it('names every missing variable in one error', () => {
    expect(() => loadEnv(schema, {})).toThrow(
      'missing required environment variable SLACK_BOT_TOKEN; ' +
        'missing required environment variable SLACK_SIGNING_SECRET',
    );
  });

  it('reads a secret from a *_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'env-'));
    writeFileSync(join(dir, 'token'), 'xoxb-from-file\n');
    const env = loadEnv(schema, { SLACK_BOT_TOKEN_FILE: join(dir, 'token'), SLACK_SIGNING_SECRET: 's' });
    expect(env.SLACK_BOT_TOKEN).toBe('xoxb-from-file');
  });

  it('says which *_FILE cannot be read', () => {
    expect(() => loadEnv(schema, { SLACK_BOT_TOKEN_FILE: '/nope/token', SLACK_SIGNING_SECRET: 's' })).toThrow(
      'SLACK_BOT_TOKEN_FILE points to /nope/token, which cannot be read',
    );
  });

  it('names an invalid variable without echoing its value', () => {
    let error: unknown;
    try {
      loadEnv(schema, { SLACK_BOT_TOKEN: 'x', SLACK_SIGNING_SECRET: 'y', PORT: 'not-a-port-hunter2' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^environment variable PORT is invalid: /);
    expect((error as Error).message).not.toContain('hunter2');
  });
});
