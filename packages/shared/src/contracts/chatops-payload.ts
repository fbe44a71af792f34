import { z } from 'zod';

/**
 * `payload.chatops` of a GitHub deployment: written by the bot, read by heaven and the notifier.
 * Other keys of the payload are left alone.
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
  rollback_of: z.number().int().positive().nullable().default(null),
  confirmed_by: z.string().optional(),
});

export type ChatopsPayload = z.infer<typeof chatopsPayloadSchema>;

/**
 * The chatops object of a deployment payload (an object, or a JSON string as GitHub may return it),
 * or null when there is none or it is not ours. Never throws.
 */
export function readChatopsPayload(payload: unknown): ChatopsPayload | null {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (typeof value !== 'object' || value === null || !('chatops' in value)) return null;
  const parsed = chatopsPayloadSchema.safeParse((value as { chatops: unknown }).chatops);
  return parsed.success ? parsed.data : null;
}
