import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * `payload.chatops` of a GitHub deployment: written and signed by the bot, read by heaven and the
 * notifier. Other keys of the payload are left alone.
 */
export const chatopsPayloadSchema = z.object({
  version: z.literal(1),
  app: z.string().min(1),
  requester: z.object({
    slack_user_id: z.string().min(1),
    name: z.string(),
  }),
  slack: z
    .object({
      channel: z.string().min(1),
      ts: z.string().min(1).optional(),
    })
    .optional(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  noop: z.boolean().default(false),
  forced: z.boolean().default(false),
  /**
   * Why an overrider forced it (`force REASON`): a deployment whose signed payload carries one
   * passes a freeze (heaven checks it again before the CI starts).
   */
  force_reason: z.string().min(1).max(500).optional(),
  rollback_of: z.number().int().positive().nullable().default(null),
  confirmed_by: z.string().optional(),
  /** Who approved it, and when (an environment with `approval`), in the order the approvals came. */
  approvals: z
    .array(z.object({ slack_user_id: z.string().min(1), name: z.string(), at: z.string().min(1) }))
    .max(50)
    .optional(),
  /**
   * What a CI builds: the branch (or tag) the deployed commit came from when the ref is a sha (a
   * rollback, an approved or promoted deploy), or the ref itself when the bot deployed the default
   * branch (heaven then need not ask GitHub what it is).
   */
  branch: z.string().min(1).optional(),
  /**
   * The W3C `traceparent` of the bot's work that created the deployment, while tracing is on: heaven and
   * the notifier continue that trace (only from a payload that verifies).
   */
  trace: z
    .string()
    .regex(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/)
    .optional(),
  /** 128 random bits: a signed payload counts for the first deployment that carries it, only. */
  nonce: z.string().regex(/^[0-9a-f]{32}$/),
  /** `v1=<hex HMAC-SHA256>` of the canonical form (see `chatopsSigningInput`). */
  signature: z.string().regex(/^v1=[0-9a-f]{64}$/),
});

export type ChatopsPayload = z.infer<typeof chatopsPayloadSchema>;
/** The chatops object before it is signed. */
export type UnsignedChatops = Omit<z.input<typeof chatopsPayloadSchema>, 'signature'>;
/** What a signature binds the chatops object to: the deployment it is for. */
export type SignedFor = { repository: string; environment: string; ref: string; task: string };

/** JSON with object keys sorted at every level: the same bytes whatever order GitHub keeps keys in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The bytes the signature covers: the chatops object (without its signature) and the deployment it is for. */
export function chatopsSigningInput(chatops: Record<string, unknown>, target: SignedFor): string {
  const { signature: _signature, ...rest } = chatops;
  return canonicalJson({
    chatops: rest,
    deployment: {
      repository: target.repository.toLowerCase(),
      environment: target.environment,
      ref: target.ref,
      task: target.task,
    },
  });
}

function hmac(input: string, secret: string): string {
  return `v1=${createHmac('sha256', secret).update(input).digest('hex')}`;
}

const unsignedChatopsSchema = chatopsPayloadSchema.omit({ signature: true });

/**
 * The chatops object with its signature (the bot's side). What is signed is the object as it is
 * returned and stored, defaults filled in and unknown keys dropped: the bytes the reader verifies.
 */
export function signChatopsPayload(chatops: UnsignedChatops, target: SignedFor, secret: string): ChatopsPayload {
  const parsed = unsignedChatopsSchema.parse(chatops);
  return { ...parsed, signature: hmac(chatopsSigningInput(parsed, target), secret) };
}

/**
 * What a deployment's chatops object is worth: `signed` (made by the bot for this very deployment's
 * repository, environment, ref and task), `none` (there is none: a deployment made outside chat), or
 * `forged` (there is one, but it is unsigned, altered, or signed for another deployment). Only a
 * `signed` one may be trusted for routing, identity and lock ownership. Never throws.
 */
export type ChatopsTrust =
  | { kind: 'signed'; chatops: ChatopsPayload }
  | { kind: 'none' }
  | { kind: 'forged'; reason: string };

export function verifyChatopsPayload(payload: unknown, target: SignedFor, secret: string): ChatopsTrust {
  const raw = rawChatops(payload);
  if (raw === undefined) return { kind: 'none' };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { kind: 'forged', reason: 'not an object' };
  const given = (raw as { signature?: unknown }).signature;
  if (typeof given !== 'string') return { kind: 'forged', reason: 'unsigned' };
  const expected = hmac(chatopsSigningInput(raw as Record<string, unknown>, target), secret);
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { kind: 'forged', reason: 'signature does not verify' };
  const parsed = chatopsPayloadSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'forged', reason: 'signed but not a valid chatops object' };
  return { kind: 'signed', chatops: parsed.data };
}

/**
 * The chatops object of a payload as it is, unverified (an object, or a JSON string as GitHub may
 * return it), or undefined when there is none. For display only where a signature cannot matter.
 */
function rawChatops(payload: unknown): unknown {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null || !('chatops' in value)) return undefined;
  return (value as { chatops: unknown }).chatops;
}

/**
 * The trace a deployment belongs to: `chatops.trace` of a payload signed for this very deployment, else
 * undefined. The signature alone decides (no nonce is claimed): a trace id is routing for spans only.
 */
export function signedTrace(
  deployment: { payload?: unknown; environment: string; ref: string; task: string },
  repository: string,
  secret: string,
): string | undefined {
  const trust = verifyChatopsPayload(deployment.payload, { repository, ...deployment }, secret);
  return trust.kind === 'signed' ? trust.chatops.trace : undefined;
}
