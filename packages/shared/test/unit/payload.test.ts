import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { chatopsPayloadSchema, readChatopsPayload } from '@chatops/shared/contracts';

const valid = {
  version: 1,
  app: 'api',
  requester: { slack_user_id: 'U1', name: 'alice' },
  slack: { channel: 'C1', ts: '1.2' },
};

describe('readChatopsPayload', () => {
  it('reads the chatops object with defaults', () => {
    expect(readChatopsPayload({ chatops: valid, other: 1 })).toEqual({
      ...valid,
      params: {},
      noop: false,
      forced: false,
      rollback_of: null,
    });
  });
  it('reads it from a JSON string payload', () => {
    expect(readChatopsPayload(JSON.stringify({ chatops: valid }))?.app).toBe('api');
  });
  it.each([[{}], [null], ['not json'], [{ chatops: { version: 2 } }], [42], [{ chatops: null }]])(
    'returns null for %p',
    (payload) => {
      expect(readChatopsPayload(payload)).toBeNull();
    },
  );
  it('never throws, whatever the payload', () => {
    fc.assert(
      fc.property(fc.anything(), (p) => {
        readChatopsPayload(p);
        readChatopsPayload({ chatops: p });
      }),
    );
  });
  it('round-trips what it accepts', () => {
    const arb = fc.record({
      version: fc.constant(1 as const),
      app: fc.string({ minLength: 1 }),
      requester: fc.record({ slack_user_id: fc.string({ minLength: 1 }), name: fc.string() }),
      params: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())),
      noop: fc.boolean(),
      forced: fc.boolean(),
      rollback_of: fc.option(fc.integer({ min: 1 }), { nil: null }),
    });
    fc.assert(
      fc.property(arb, (p) => {
        const parsed = chatopsPayloadSchema.parse(p);
        expect(readChatopsPayload(JSON.parse(JSON.stringify({ chatops: parsed })))).toEqual(parsed);
      }),
    );
  });
});
