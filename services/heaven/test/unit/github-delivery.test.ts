import { describe, expect, it } from '@jest/globals';
import { bodyDigest, isDeliveryId } from '../../src/routes/github-delivery.js';

describe('isDeliveryId', () => {
  it.each([
    ['72d3162e-cc78-11e3-81ab-4c9367dc0958', true],
    ['72D3162E-CC78-11E3-81AB-4C9367DC0958', true],
    ['d-1', false],
    ['', false],
    ['72d3162e-cc78-11e3-81ab-4c9367dc0958-x', false],
    ['72d3162e-cc78-11e3-81ab-4c9367dc095g', false],
    ['x'.repeat(10_000), false],
  ])('%j → %s', (value, expected) => {
    expect(isDeliveryId(value)).toBe(expected);
  });
});

describe('bodyDigest', () => {
  it('is the hex SHA-256 of the raw body: the same for the same bytes, another for any change', () => {
    expect(bodyDigest('{}')).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
    expect(bodyDigest('{} ')).not.toBe(bodyDigest('{}'));
  });
});
