import { z } from 'zod';

export const messageRefSchema = z.object({
  channel: z.string(),
  ts: z.string(),
  /** The last state shown in the message, so out-of-order statuses never move it back. */
  state: z.string().optional(),
  updated_at: z.string().optional(),
});

export type MessageRef = z.infer<typeof messageRefSchema>;

export type MessageStore = {
  get(key: string): Promise<MessageRef | null>;
  set(key: string, ref: MessageRef): Promise<void>;
  delete(key: string): Promise<void>;
};

/** A stored message reference, or null when absent or unreadable. */
export function parseMessageRef(raw: string | null | undefined): MessageRef | null {
  if (!raw) return null;
  const parsed = messageRefSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}
