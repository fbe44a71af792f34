import { z } from 'zod';

/** A Slack id: a user, a channel, a team, a bot (`U0ALICE`, `C0DEPLOYS`, `T0FAKE`, `B0BOT`). */
const slackId = z.string().regex(/^[A-Z0-9]{2,40}$/);
/** A message's ts: Unix seconds and a sequence (`1515449522.000016`). */
const messageTs = z.string().regex(/^\d{1,12}\.\d{1,8}$/);

/**
 * Queue `slack-events` (bot HTTP → bot worker): one Events API `event_callback` the bot handles, job
 * name = the event's type. Job id: `event-<event_id>`, so Slack's retries of an event
 * (`X-Slack-Retry-Num`) add nothing and it is handled once.
 */
export const slackEventJobSchema = z.object({
  event_id: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/),
  /** When Slack says the event happened (Unix seconds). */
  event_time: z.number().int().nonnegative(),
  team_id: slackId,
  /** The app's own user (`authorizations[0].user_id`): its mention is stripped, its own events ignored. */
  bot_user_id: slackId.optional(),
  received_at: z.string(),
  /** The event as Slack sent it; each handler reads it with its own schema. */
  event: z.object({ type: z.string().min(1).max(100) }).passthrough(),
});

export type SlackEventJob = z.infer<typeof slackEventJobSchema>;

/** `app_mention`: someone wrote `@chatops …` in a channel the app is in. */
export const appMentionEventSchema = z.object({
  type: z.literal('app_mention'),
  user: slackId,
  text: z.string().max(40_000),
  channel: slackId,
  ts: messageTs,
  /** Set when the mention is itself in a thread. */
  thread_ts: messageTs.optional(),
  /** Set when a bot wrote it. */
  bot_id: z.string().optional(),
});

export type AppMentionEvent = z.infer<typeof appMentionEventSchema>;
