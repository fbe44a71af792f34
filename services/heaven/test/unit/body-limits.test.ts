import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { nestedTooDeeply } from '../../src/routes/body-limits.js';

/** The character-by-character scan nestedTooDeeply replaced: the reference for its answers. */
function reference(json: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

const nest = (d: number) => '['.repeat(d) + ']'.repeat(d);

describe('nestedTooDeeply', () => {
  it.each([
    ['flat object', '{"a":1}', 2, false],
    ['exactly the limit', nest(3), 3, false],
    ['one over the limit', nest(4), 3, true],
    ['brackets inside a string do not count', `{"a":"${'['.repeat(50)}"}`, 3, false],
    ['an escaped quote does not end the string', `{"a":"x\\"[[[[[[","b":1}`, 3, false],
    ['an escaped backslash before the closing quote ends it', `{"a":"x\\\\",${'"b":'.repeat(1)}${nest(5)}}`, 3, true],
    ['three backslashes then a quote: still inside', `{"a":"\\\\\\"[[[[[[["}`, 3, false],
    ['an unterminated string', `{"a":"[[[[[[[`, 3, false],
    [
      'deep after many strings',
      `{${Array.from({ length: 50 }, (_, i) => `"k${i}":"v\\\\${i}"`).join(',')},"deep":${nest(70)}}`,
      64,
      true,
    ],
  ])('%s', (_name, json, max, expected) => {
    expect(nestedTooDeeply(json, max)).toBe(expected);
    expect(reference(json, max)).toBe(expected);
  });

  it('answers as the character-by-character scan for any JSON value and any text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json({ depthSize: 'large' }),
          fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a', ',') }),
          fc.string(),
        ),
        fc.integer({ min: 0, max: 8 }),
        (text, max) => {
          expect(nestedTooDeeply(text, max)).toBe(reference(text, max));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
