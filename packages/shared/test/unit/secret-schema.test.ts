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

  it('says a missing secret is missing', () => {
    expect(() => loadEnv(schema, {})).toThrow('missing required environment variable CHATOPS_PAYLOAD_SECRET');
  });
});
