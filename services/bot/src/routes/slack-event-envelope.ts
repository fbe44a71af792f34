import { formatZodIssues, jobId, type SlackEventJob, slackEventJobSchema } from '@chatops/shared/contracts';
import { z } from 'zod';

/** What the Events API request comes to: Slack's challenge, an event to enqueue, one to leave, or a bad body. */
export type EventIntake =
  | { kind: 'challenge'; challenge: string }
  | { kind: 'event'; job: SlackEventJob; jobId: string }
  | { kind: 'ignored'; reason: string; type?: string }
  | { kind: 'malformed'; message: string };

const urlVerification = z.object({ type: z.literal('url_verification'), challenge: z.string().min(1).max(500) });

const eventCallback = z.object({
  type: z.literal('event_callback'),
  team_id: z.string(),
  event_id: z.string(),
  event_time: z.number(),
  event: z.object({ type: z.string().min(1) }).passthrough(),
  authorizations: z.array(z.object({ user_id: z.string().optional(), is_bot: z.boolean().optional() })).optional(),
});

/**
 * Reads an Events API body (already signature-checked and JSON-parsed). `url_verification` is
 * answered with its challenge; an `event_callback` of a type the bot handles becomes a job (id
 * `event-<event_id>`: Slack's retries of it are the same job); any other type, an event a bot wrote
 * (`bot_id`, subtype `bot_message`) or the app's own user did, and other envelopes (`app_rate_limited`)
 * are left alone. Pure.
 */
export function readEventEnvelope(body: unknown, handles: (type: string) => boolean, receivedAt: string): EventIntake {
  if (!body || typeof body !== 'object' || typeof (body as { type?: unknown }).type !== 'string')
    return { kind: 'malformed', message: 'the body is not a Slack event envelope (no "type")' };
  const type = (body as { type: string }).type;
  if (type === 'url_verification') {
    const parsed = urlVerification.safeParse(body);
    if (!parsed.success) return { kind: 'malformed', message: `url_verification: ${formatZodIssues(parsed.error)}` };
    return { kind: 'challenge', challenge: parsed.data.challenge };
  }
  if (type !== 'event_callback') return { kind: 'ignored', reason: `envelope ${type.slice(0, 50)}` };
  const parsed = eventCallback.safeParse(body);
  if (!parsed.success) return { kind: 'malformed', message: `event_callback: ${formatZodIssues(parsed.error)}` };
  const envelope = parsed.data;
  const event = envelope.event as { type: string; user?: unknown; bot_id?: unknown; subtype?: unknown };
  if (!handles(event.type)) return { kind: 'ignored', reason: 'not an event the bot handles', type: event.type };
  const botUserId = envelope.authorizations?.find((a) => a.is_bot !== false)?.user_id;
  if (event.bot_id !== undefined || event.subtype === 'bot_message')
    return { kind: 'ignored', reason: 'a bot wrote it', type: event.type };
  if (botUserId && event.user === botUserId) return { kind: 'ignored', reason: 'the app itself', type: event.type };
  const job = slackEventJobSchema.safeParse({
    event_id: envelope.event_id,
    event_time: envelope.event_time,
    team_id: envelope.team_id,
    ...(botUserId ? { bot_user_id: botUserId } : {}),
    received_at: receivedAt,
    event: slim(envelope.event),
  });
  if (!job.success) return { kind: 'malformed', message: `event_callback: ${formatZodIssues(job.error)}` };
  return { kind: 'event', job: job.data, jobId: jobId('event', job.data.event_id) };
}

/**
 * The event as its job keeps it: an `app_home_opened` without the `view` Slack sends along (the whole
 * Home last published, up to 250 kB, kept with every open for a day of job history otherwise).
 */
function slim(event: { type: string } & Record<string, unknown>): { type: string } & Record<string, unknown> {
  if (event.type !== 'app_home_opened' || !('view' in event)) return event;
  const { view: _view, ...rest } = event;
  return rest as typeof event;
}
