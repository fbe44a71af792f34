import { describe, expect, it } from '@jest/globals';
import { code, escapeCut, link } from '@chatops/shared/contracts';

describe('escapeCut', () => {
  it.each([
    ['feature/<!channel>', 100, 'feature/&lt;!channel&gt;'],
    ['a&b', 100, 'a&amp;b'],
    ['abcdef', 4, 'abc…'],
    ['ab&cd', 6, 'ab…'],
    ['<<<<', 9, '&lt;&lt;…'],
    ['\uD83D\uDE80\uD83D\uDE80\uD83D\uDE80', 5, '\uD83D\uDE80\uD83D\uDE80…'],
  ])('%p cut to %p → %p', (text, max, out) => {
    expect(escapeCut(text, max)).toBe(out);
    expect(escapeCut(text, max).length).toBeLessThanOrEqual(max);
  });
});

describe('code', () => {
  it('keeps a backtick in a branch from ending the code span', () => {
    expect(code('feat`<@U1>`', 80)).toBe("`feat'&lt;@U1&gt;'`");
  });
});

describe('link', () => {
  it('links a plain http(s) URL, and shows only the label for a long, odd or missing one', () => {
    expect(link('https://ci.example/1', 'log')).toBe('<https://ci.example/1|log>');
    expect(link(`https://ci.example/${'p'.repeat(600)}`, 'log')).toBe('log');
    expect(link('https://ci.example/a|<!channel>', 'log')).toBe('log');
    expect(link('javascript:alert(1)', 'log')).toBe('log');
    expect(link(null, 'log')).toBe('log');
    expect(link('https://ci.example/1', '')).toBe('<https://ci.example/1|link>');
  });
});
