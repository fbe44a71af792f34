import {
  appMentionEventSchema,
  formatZodIssues,
  JobDataError,
  jobId,
  QUEUES,
  type AppMentionEvent,
  type ChatCommand,
} from '@chatops/shared/contracts';
import { acknowledgement, commandJob } from '../commands/command-job.js';
import { screenCommand } from '../commands/screen-command.js';
import { mentionText } from './mention-text.js';
import { replyInThread } from './reply-in-thread.js';
import type { SlackEventContext } from './slack-event.js';

/** How long what a mention came to is kept (Slack retries an event for about an hour and a half). */
const MARK_TTL_SECONDS = 24 * 3600;
const TOLD = 'told';

/**
 * `app_mention`: "@chatops deploy api to staging" is the slash command by the same path: the same
 * screening (rate, grammar, resolution, permission with the cached groups), the same command job
 * (id `slack-event-<event_id>`) and handlers, which check again in the worker. Every answer goes in
 * the mention's thread (a mention has no response_url): a refusal or the help, or the acknowledgement
 * then the job, each once: a retried event job neither answers nor screens again (a second count
 * against the person's rate would drop an accepted command), it enqueues the same job. A mention by
 * a bot or by the app itself, or one where the app is not mentioned first, is left alone.
 */
export async function handleAppMention(ctx: SlackEventContext): Promise<void> {
  const parsed = appMentionEventSchema.safeParse(ctx.job.event);
  if (!parsed.success) throw new JobDataError(QUEUES.slackEvents, formatZodIssues(parsed.error));
  const event = parsed.data;
  const { deps, job, log } = ctx;
  if (event.bot_id || event.user === job.bot_user_id) return;
  const text = mentionText(event.text, job.bot_user_id);
  if (text === null) {
    log.debug({ eventId: job.event_id }, 'the app was mentioned, not addressed: no command');
    return;
  }
  const thread = { channel: event.channel, thread_ts: event.thread_ts ?? event.ts };
  // What this mention came to, once told: `told` (a refusal, the help), or the accepted command
  // (acknowledged; a retried job enqueues it again under the same id, without screening it again).
  const mark = `mention-${jobId(job.event_id)}`;
  const earlier = await deps.marks.recall(mark);
  if (earlier === TOLD) return;
  let command: ChatCommand;
  if (earlier) command = JSON.parse(earlier) as ChatCommand;
  else {
    const screened = await screenCommand(
      { user_id: event.user, channel_id: event.channel, command: deps.command, text },
      deps,
    );
    if (screened.kind !== 'accepted') {
      if (screened.kind === 'refused') log.info({ reason: screened.reason, user: event.user }, 'mention not enqueued');
      await replyInThread(deps.slack, thread, { text: screened.text });
      await deps.marks.remember(mark, TOLD, MARK_TTL_SECONDS);
      return;
    }
    command = screened.resolved.command;
    await replyInThread(deps.slack, thread, { text: acknowledgement(screened.resolved) });
    await deps.marks.remember(mark, JSON.stringify(command), MARK_TTL_SECONDS);
  }
  const origin = await originOf(ctx, event, thread.thread_ts);
  await deps.producer.command(
    command.action,
    commandJob(origin, command, deps.clock.now()),
    jobId('slack', origin.trigger_id),
  );
  log.info({ action: command.action, trigger: origin.trigger_id }, 'mention enqueued');
}

/** The mention as a command's origin: its event as the trigger, its thread for the answers, the person's name. */
async function originOf(ctx: SlackEventContext, event: AppMentionEvent, threadTs: string) {
  const name = (await ctx.deps.slack.userName(event.user).catch(() => null)) ?? event.user;
  return {
    trigger_id: `event-${ctx.job.event_id}`,
    team_id: ctx.job.team_id,
    channel_id: event.channel,
    user_id: event.user,
    user_name: name,
    thread_ts: threadTs,
  };
}
