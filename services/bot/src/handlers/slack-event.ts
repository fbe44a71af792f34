import type { SlackEventJob } from '@chatops/shared/contracts';
import type { Logger } from '@chatops/shared/runtime';
import type { RateCounter } from '../ports.js';
import { handleAppHomeOpened } from './app-home-opened.js';
import { handleAppMention } from './app-mention.js';
import type { CommandDeps } from './command-context.js';

/** What an event handler works with: every port of the commands, and the per-person command rate. */
export type SlackEventDeps = CommandDeps & { rateCounter: RateCounter };

/** One Events API event being handled (a job of `slack-events`). */
export type SlackEventContext = { job: SlackEventJob; deps: SlackEventDeps; log: Logger; lastAttempt: boolean };

type SlackEventHandler = (ctx: SlackEventContext) => Promise<void>;

/**
 * The bot's Events API handlers by event type. POST /slack/events enqueues only these types (any
 * other is answered 200 and dropped), so adding one is: a handler here, its event in the Slack app
 * manifest's `bot_events` (docs/examples/slack-app-manifest.yml), and its scope.
 */
const SLACK_EVENT_HANDLERS: Readonly<Record<string, SlackEventHandler>> = {
  app_mention: handleAppMention,
  app_home_opened: handleAppHomeOpened,
};

/** Whether the bot handles events of this type. */
export function handlesSlackEvent(type: string): boolean {
  return Object.hasOwn(SLACK_EVENT_HANDLERS, type);
}

/** Runs the handler of the event's type (one no longer handled is logged and dropped). */
export async function handleSlackEvent(ctx: SlackEventContext): Promise<void> {
  const handler = handlesSlackEvent(ctx.job.event.type) ? SLACK_EVENT_HANDLERS[ctx.job.event.type] : undefined;
  if (!handler) {
    ctx.log.warn({ event: ctx.job.event.type }, 'an event of a type the bot no longer handles was dropped');
    return;
  }
  await handler(ctx);
}
