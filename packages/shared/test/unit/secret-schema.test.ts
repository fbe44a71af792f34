import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ConfigError } from '@chatops/shared/contracts';
import { loadEnv, secretSchema } from '@chatops/shared/runtime';

const schema = z.object({ CHATOPS_PAYLOAD_SECRET: secretSchema });

function configErrorOf(value: string): ConfigError {
  try {
    loadEnv(schema, { CHATOPS_PAYLOAD_SECRET: value });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('secretSchema', () => {
  it('accepts 16 characters', () => {
    expect(loadEnv(schema, { CHATOPS_PAYLOAD_SECRET: 'hunter2-hunter2!' })).toEqual({
      CHATOPS_PAYLOAD_SECRET: 'hunter2-hunter2!',
    });
  });

  it('refuses 15 characters, naming the variable and never the value', () => {
    const error = configErrorOf('hunter2-hunter2');
    expect(error.problems).toEqual([
      'environment variable CHATOPS_PAYLOAD_SECRET is invalid: expected at least 16 characters',
    ]);
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses whitespace only, however long', () => {
    const error = configErrorOf(' \t'.repeat(10));
    expect(error.problems).toEqual([
      'environment variable CHATOPS_PAYLOAD_SECRET is invalid: expected more than whitespace',
    ]);
  });

  it('refuses a short secret padded with whitespace to 16 characters', () => {
    for (const padded of ['abc             ', '\n\n\n\n\n\n\n\nabcd\n\n\n\n', '\tshort-secret!\t\t']) {
      expect(padded.length).toBeGreaterThanOrEqual(16);
      expect(configErrorOf(padded).problems).toEqual([
        'environment variable CHATOPS_PAYLOAD_SECRET is invalid: ' +
          'expected at least 16 characters besides the whitespace around them',
      ]);
    }
  });

  it('accepts 16 characters with whitespace inside them', () => {
    expect(loadEnv(schema, { CHATOPS_PAYLOAD_SECRET: 'hunter2 hunter2!' }).CHATOPS_PAYLOAD_SECRET).toBe(
      'hunter2 hunter2!',
    );
  });

  it('says a missing secret is missing', () => {
    expect(() => loadEnv(schema, {})).toThrow('missing required environment variable CHATOPS_PAYLOAD_SECRET');
  });
});
