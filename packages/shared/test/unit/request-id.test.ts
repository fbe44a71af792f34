import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { genRequestId } from '@chatops/shared/runtime';

const req = (headers: Record<string, string | string[]>) => ({ headers }) as unknown as IncomingMessage;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('genRequestId', () => {
  it("keeps a caller's plain X-Request-Id", () => {
    expect(genRequestId(req({ 'x-request-id': 'lb-3f2a.77:1' }))).toBe('lb-3f2a.77:1');
  });

  it('makes a fresh UUID when there is none, or when it is not a short plain token', () => {
    const a = genRequestId(req({}));
    expect(a).toMatch(UUID);
    expect(genRequestId(req({}))).not.toBe(a);
    for (const bad of ['', 'a b', 'x\n{"msg":"forged"}', 'x'.repeat(101)])
      expect(genRequestId(req({ 'x-request-id': bad }))).toMatch(UUID);
    expect(genRequestId(req({ 'x-request-id': ['a', 'b'] }))).toMatch(UUID);
  });
});
