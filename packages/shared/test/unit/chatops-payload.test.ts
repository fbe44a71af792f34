import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  type ChatopsPayload,
  canonicalJson,
  chatopsPayloadSchema,
  chatopsSigningInput,
  type SignedFor,
  signChatopsPayload,
  type UnsignedChatops,
  verifyChatopsPayload,
} from '@chatops/shared/contracts';

const SECRET = 'chatops-payload-secret-0123456789';
const target: SignedFor = { repository: 'acme/api', environment: 'production', ref: 'main', task: 'deploy' };
const unsigned: UnsignedChatops = {
  version: 1,
  app: 'api',
  requester: { slack_user_id: 'U1', name: 'alice' },
  slack: { channel: 'C1', ts: '1700000000.000100' },
  params: { region: 'eu', replicas: 3, canary: true },
  noop: false,
  forced: false,
  rollback_of: null,
  nonce: '0123456789abcdef0123456789abcdef',
};

/** The payload as GitHub hands it back: JSON, the chatops object among other keys. */
const asStored = (chatops: unknown) => JSON.parse(JSON.stringify({ chatops, other: 'left alone' }));

describe('signChatopsPayload → verifyChatopsPayload', () => {
  it('gives `signed` with the chatops object, for the very deployment it was signed for', () => {
    const signed = signChatopsPayload(unsigned, target, SECRET);
    expect(signed.signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyChatopsPayload(asStored(signed), target, SECRET)).toEqual({ kind: 'signed', chatops: signed });
  });

  it('gives `signed` for an object written with the defaults left out (as the bot may write it)', () => {
    const { params: _p, noop: _n, forced: _f, rollback_of: _r, ...minimal } = unsigned;
    const signed = signChatopsPayload(minimal, target, SECRET);
    expect(signed).toMatchObject({ params: {}, noop: false, forced: false, rollback_of: null });
    expect(verifyChatopsPayload(asStored(signed), target, SECRET)).toEqual({ kind: 'signed', chatops: signed });
  });

  it('gives `signed` whatever order the keys come back in (canonical form)', () => {
    const signed = signChatopsPayload(unsigned, target, SECRET);
    const reversed = Object.fromEntries(
      Object.entries(signed)
        .reverse()
        .map(([k, v]) => [k, v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse()) : v]),
    );
    expect(JSON.stringify(reversed)).not.toBe(JSON.stringify(signed));
    expect(verifyChatopsPayload({ chatops: reversed }, target, SECRET)).toEqual({ kind: 'signed', chatops: signed });
  });

  it('reads a payload GitHub returns as a JSON string', () => {
    const signed = signChatopsPayload(unsigned, target, SECRET);
    expect(verifyChatopsPayload(JSON.stringify({ chatops: signed }), target, SECRET)).toEqual({
      kind: 'signed',
      chatops: signed,
    });
  });

  it('takes the repository in any case (GitHub names are case-insensitive)', () => {
    const signed = signChatopsPayload(unsigned, { ...target, repository: 'Acme/API' }, SECRET);
    expect(verifyChatopsPayload({ chatops: signed }, target, SECRET).kind).toBe('signed');
  });

  it.each<[string, (c: ChatopsPayload) => unknown]>([
    ['app', (c) => ({ ...c, app: 'web' })],
    ['requester', (c) => ({ ...c, requester: { ...c.requester, slack_user_id: 'U2' } })],
    ['slack channel', (c) => ({ ...c, slack: { channel: 'C2' } })],
    ['params', (c) => ({ ...c, params: { ...c.params, replicas: 4 } })],
    ['a param of another type', (c) => ({ ...c, params: { ...c.params, replicas: '3' } })],
    ['noop', (c) => ({ ...c, noop: true })],
    ['forced', (c) => ({ ...c, forced: true })],
    ['rollback_of', (c) => ({ ...c, rollback_of: 7 })],
    ['nonce', (c) => ({ ...c, nonce: 'f'.repeat(32) })],
    ['an added key', (c) => ({ ...c, confirmed_by: 'U9' })],
    ['a removed key', ({ slack: _s, ...c }) => c],
    ['the signature', (c) => ({ ...c, signature: `v1=${'0'.repeat(64)}` })],
  ])('gives `forged` (signature does not verify) when %s is altered', (_what, alter) => {
    const signed = signChatopsPayload(unsigned, target, SECRET);
    expect(verifyChatopsPayload({ chatops: alter(signed) }, target, SECRET)).toEqual({
      kind: 'forged',
      reason: 'signature does not verify',
    });
  });

  it.each<[string, Partial<SignedFor>]>([
    ['repository', { repository: 'acme/web' }],
    ['environment', { environment: 'staging' }],
    ['ref', { ref: 'feature' }],
    ['task', { task: 'deploy:migrations' }],
  ])('gives `forged` for a deployment of another %s', (_what, other) => {
    const signed = signChatopsPayload(unsigned, target, SECRET);
    expect(verifyChatopsPayload({ chatops: signed }, { ...target, ...other }, SECRET)).toEqual({
      kind: 'forged',
      reason: 'signature does not verify',
    });
  });

  it('gives `forged` under another secret', () => {
    const signed = signChatopsPayload(unsigned, target, SECRET);
    expect(verifyChatopsPayload({ chatops: signed }, target, `${SECRET}x`)).toEqual({
      kind: 'forged',
      reason: 'signature does not verify',
    });
  });

  it.each([
    ['no signature', { ...unsigned }],
    ['a signature that is not a string', { ...unsigned, signature: 42 }],
  ])('gives `forged` (unsigned) for %s', (_what, chatops) => {
    expect(verifyChatopsPayload({ chatops }, target, SECRET)).toEqual({ kind: 'forged', reason: 'unsigned' });
  });

  it.each([
    ['a string', 'chatops'],
    ['a number', 42],
    ['null', null],
    ['an array', [unsigned]],
    ['true', true],
  ])('gives `forged` (not an object) when the chatops key holds %s', (_what, chatops) => {
    expect(verifyChatopsPayload({ chatops }, target, SECRET)).toEqual({ kind: 'forged', reason: 'not an object' });
  });

  it('gives `forged` for a correctly signed object that is not a chatops object', () => {
    const chatops = { ...unsigned, version: 2 };
    const signature = `v1=${createHmac('sha256', SECRET).update(chatopsSigningInput(chatops, target)).digest('hex')}`;
    expect(verifyChatopsPayload({ chatops: { ...chatops, signature } }, target, SECRET)).toEqual({
      kind: 'forged',
      reason: 'signed but not a valid chatops object',
    });
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a payload without chatops', { other: 1 }],
    ['a string that is not JSON', 'not json'],
    ['a JSON string without chatops', '{"a":1}'],
    ['an empty string', ''],
  ])('gives `none` for %s', (_what, payload) => {
    expect(verifyChatopsPayload(payload, target, SECRET)).toEqual({ kind: 'none' });
  });

  it('never throws, whatever the payload', () => {
    fc.assert(
      fc.property(fc.anything(), (p) => {
        verifyChatopsPayload(p, target, SECRET);
        const trust = verifyChatopsPayload({ chatops: p }, target, SECRET);
        expect(trust.kind).not.toBe('signed');
      }),
    );
  });

  it('round-trips every valid chatops object through JSON', () => {
    const arb = fc.record({
      version: fc.constant(1 as const),
      app: fc.string({ minLength: 1 }),
      requester: fc.record({ slack_user_id: fc.string({ minLength: 1 }), name: fc.string() }),
      params: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())),
      noop: fc.boolean(),
      forced: fc.boolean(),
      rollback_of: fc.option(fc.integer({ min: 1 }), { nil: null }),
      nonce: fc.stringMatching(/^[0-9a-f]{32}$/),
    });
    fc.assert(
      fc.property(arb, (chatops) => {
        const signed = signChatopsPayload(chatops, target, SECRET);
        expect(verifyChatopsPayload(asStored(signed), target, SECRET)).toEqual({ kind: 'signed', chatops: signed });
      }),
    );
  });

  it('refuses to sign an object that is not a chatops object', () => {
    expect(() => signChatopsPayload({ ...unsigned, nonce: 'short' }, target, SECRET)).toThrow(/nonce/);
  });
});

describe('the signing input (known answer: a change here breaks every signature in flight)', () => {
  const input = {
    version: 1 as const,
    app: 'api',
    requester: { slack_user_id: 'U1', name: 'alice' },
    params: { b: 2, a: 'x' },
    noop: false,
    forced: false,
    rollback_of: null,
    nonce: '0123456789abcdef0123456789abcdef',
  };
  const canonical =
    '{"chatops":{"app":"api","forced":false,"nonce":"0123456789abcdef0123456789abcdef","noop":false,' +
    '"params":{"a":"x","b":2},"requester":{"name":"alice","slack_user_id":"U1"},"rollback_of":null,"version":1},' +
    '"deployment":{"environment":"production","ref":"main","repository":"acme/api","task":"deploy"}}';

  it('is the canonical JSON of the object without its signature and of the deployment', () => {
    const withSignature = { ...input, signature: 'v1=whatever', slack: undefined };
    expect(chatopsSigningInput(withSignature, { ...target, repository: 'ACME/Api' })).toBe(canonical);
  });

  it('signs with HMAC-SHA256 of the secret, as v1=<hex>', () => {
    const signed = signChatopsPayload(input, target, 'known-answer-secret-16+');
    expect(signed.signature).toBe(
      `v1=${createHmac('sha256', 'known-answer-secret-16+').update(canonical).digest('hex')}`,
    );
    // Computed apart: printf '%s' "$canonical" | openssl dgst -sha256 -hmac 'known-answer-secret-16+'
    expect(signed.signature).toBe('v1=b35597345166ed7df4d5b97f9f20168336435aab1de9c4084c66194b18a2b322');
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level, keeps array order, drops undefined', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }, 3], a: undefined, c: 'é"\n' })).toBe(
      '{"b":[{"c":2,"d":1},3],"c":"é\\"\\n"}',
    );
    expect(canonicalJson(null)).toBe('null');
  });

  it('is the same for every order of the same keys', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('chatopsPayloadSchema', () => {
  it('requires a 128-bit hex nonce and a v1 signature', () => {
    const signed = signChatopsPayload(unsigned, target, SECRET);
    expect(chatopsPayloadSchema.safeParse({ ...signed, nonce: 'ABCDEF0123456789ABCDEF0123456789' }).success).toBe(
      false,
    );
    expect(chatopsPayloadSchema.safeParse({ ...signed, signature: 'v2=00' }).success).toBe(false);
  });
});
