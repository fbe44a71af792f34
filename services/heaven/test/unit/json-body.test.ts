import { describe, expect, it } from '@jest/globals';
import { parseJsonObject } from '../../src/routes/json-body.js';

describe('parseJsonObject', () => {
  it.each([
    ['{"a":1}', { ok: true, body: { a: 1 } }],
    ['null', { ok: false, error: 'body is not a JSON object' }],
    ['[1]', { ok: false, error: 'body is not a JSON object' }],
    ['{"a":', { ok: false, error: 'body is not a JSON object' }],
    [`{"a":${'['.repeat(65)}${']'.repeat(65)}}`, { ok: false, error: 'body is nested too deeply' }],
  ])('%s', (raw, expected) => {
    expect(parseJsonObject(raw)).toEqual(expected);
  });
});
