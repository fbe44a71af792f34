import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { verifyCircleciSignature } from '../../src/routes/verify-circleci-signature.js';

const body = '{"type":"workflow-completed"}';
const sig = createHmac('sha256', 'secret').update(body).digest('hex');

describe('verifyCircleciSignature', () => {
  it.each([
    [`v1=${sig}`, true],
    [`v0=abc, v1=${sig}`, true],
    [`v1=${'0'.repeat(64)},v1=${sig}`, true],
    [`v1=${sig.toUpperCase()}`, false],
    [sig, false],
    [`v1=${sig.slice(2)}`, false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (header, expected) => {
    expect(verifyCircleciSignature('secret', body, header)).toBe(expected);
  });

  it('rejects a signature over another body', () => {
    expect(verifyCircleciSignature('secret', `${body} `, `v1=${sig}`)).toBe(false);
  });
});
