import { escapeCut, jobId, type ChatCommandJob, type HomeTabJob, type HomeUpdateJob } from '@chatops/shared/contracts';
import { RunAgainLater, type Logger } from '@chatops/shared/runtime';
import type { CommandContext, CommandDeps } from '../handlers/command-context.js';
import { handleCancel } from '../handlers/control.js';
import { handleUnlock } from '../handlers/locks.js';
import { lookup } from '../handlers/permission-again.js';
import type { HomeStore, HomeViewsPort } from '../ports.js';
import { renderHomeView } from '../render/home-view.js';
import { homeChannel } from './home-actions.js';
import { readHome } from './read-home.js';

/** A person's Home is published at most once per this long after changes, at its end (the last state). */
const HOME_DEBOUNCE_MS = 3000;
const HOME_DEBOUNCE_GRACE_MS = 500;
/** How long one publish may hold a person's Home (a read and a publish take far less); another's wait. */
const PUBLISH_HOLD_MS = 15_000;
const PUBLISH_RETRY_MS = 300;
/** A queued publish that never started (a job lost) stops holding back others after this long. */
const SCHEDULED_MAX_MS = 5 * 60_000;

export type HomeTabDeps = CommandDeps & { home: HomeStore; homeViews: HomeViewsPort };

type PublishJob = Extract<HomeTabJob, { kind: 'publish' }>;
type PressJob = Extract<HomeTabJob, { kind: 'press' }>;

/**
 * `app_home_opened` on the Home tab: a publish job now, its id the event's, so a redelivered event
 * (or a retried job) publishes once. Other tabs (Messages, About) are left alone.
 */
export async function homeOpened(
  deps: Pick<CommandDeps, 'producer'>,
  event: { user: string; tab?: string; eventId: string },
): Promise<boolean> {
  if (event.tab !== 'home') return false;
  await deps.producer.homeTab(
    { kind: 'publish', user_id: event.user, opened: true },
    jobId('home-open', event.user, event.eventId),
  );
  return true;
}

/**
 * Publishes one person's Home tab with what holds now; one who opened it is noted as a viewer of its
 * apps. One job at a time per person reads and publishes (another waits its turn), so two publishes
 * never cross and leave the older state showing.
 */
export async function publishHome(deps: HomeTabDeps, job: PublishJob, log: Logger): Promise<void> {
  const token = await deps.home.holdPublish(job.user_id, PUBLISH_HOLD_MS);
  if (!token) throw new RunAgainLater(PUBLISH_RETRY_MS, `another job publishes ${job.user_id}'s Home`);
  try {
    // From here a change queues another publish: this one may read before it.
    await deps.home.publishStarted(job.user_id);
    const model = await readHome(deps, job.user_id, log);
    if (job.opened)
      await deps.home.opened(
        job.user_id,
        model.apps.map((a) => a.name),
        model.nowMs,
      );
    await deps.homeViews.publish(job.user_id, renderHomeView(model));
  } finally {
    await deps.home.releasePublish(job.user_id, token);
  }
}

/**
 * Publishes again, debounced, the Home of everyone who opened it lately showing this app: one job
 * per person and window of HOME_DEBOUNCE_MS, run at the window's end, so the changes of a window
 * come to one publish showing the last of them; no second one for a person whose publish still
 * waits (behind the rate limit, the queue does not grow with every window). Returns how many were
 * asked for (none without a Home store).
 */
export async function refreshHomes(
  deps: Pick<CommandDeps, 'clock' | 'producer' | 'home'>,
  app: string,
): Promise<number> {
  if (!deps.home) return 0;
  const now = deps.clock.now();
  const viewers = await deps.home.viewers(app, now);
  const window = Math.floor(now / HOME_DEBOUNCE_MS);
  // Run a little after the window's end: a change another bot process (its clock a little behind)
  // still counts in this window must not find the window's job done already.
  const delay = (window + 1) * HOME_DEBOUNCE_MS - now + HOME_DEBOUNCE_GRACE_MS;
  let asked = 0;
  for (const user of viewers) {
    // One publish queued per person: while it waits (for its window's end, or behind views.publish's
    // rate when many look at Home), later changes ride along instead of queueing one per window.
    if (!(await deps.home.schedulePublish(user, SCHEDULED_MAX_MS))) continue;
    await deps.producer.homeTab(
      { kind: 'publish', user_id: user, opened: false },
      jobId('home-publish', user, window),
      delay,
    );
    asked += 1;
  }
  return asked;
}

/** A deployment changed state (the notifier's `home-updates`): keep it, then refresh those who look at its app. */
export async function homeUpdated(deps: HomeTabDeps, update: HomeUpdateJob): Promise<number> {
  await deps.home.record(update);
  return refreshHomes(deps, update.app);
}

/**
 * Unlock or Cancel pressed in a Home tab: the command as the presser would type it, through its own
 * checks (permission again, holder or overrider). Home has no channel: the channel is the one a
 * Home action is told in (`homeChannel`); answers to the presser alone come as a direct message.
 * Then the Homes showing the app are refreshed.
 */
export async function homePress(deps: HomeTabDeps, job: PressJob, log: Logger, lastAttempt: boolean): Promise<void> {
  const dm = async (text: string) => {
    await deps.slack.postMessage({ channel: job.user.slack_user_id, text });
  };
  const command = { action: job.action, app: job.app, environment: job.environment };
  const commandJob: ChatCommandJob = {
    trigger_id: job.trigger_id,
    team_id: job.team_id,
    channel_id: '',
    requester: job.user,
    // A Home press has no response_url: every answer goes through `reply` below.
    received_at: job.received_at,
    command,
  };
  const probe: CommandContext = { job: commandJob, deps, log, lastAttempt, reply: async (r) => dm(r.text ?? '') };
  const resolved = lookup(probe, command);
  if (!resolved?.app || !resolved.environment)
    await dm(`${escapeCut(job.app, 63)} ${escapeCut(job.environment, 100)} is no longer in the config.`);
  else {
    const channel = homeChannel(deps.config, { ...resolved, app: resolved.app, environment: resolved.environment });
    const ctx: CommandContext = {
      ...probe,
      job: { ...commandJob, channel_id: channel },
      reply: async (r) => {
        const text = r.text ?? '';
        if (r.response_type !== 'in_channel' || !channel) return dm(text);
        // Told in the channel once, even when the job runs again.
        const posted = `home-press-posted-${job.trigger_id}`;
        if (await deps.marks.recall(posted)) return;
        await deps.slack.postMessage({ channel, text });
        await deps.marks.remember(posted, '1', 24 * 3600);
      },
    };
    if (job.action === 'unlock') await handleUnlock(ctx, command);
    else await handleCancel(ctx, command);
  }
  await refreshHomes(deps, job.app);
}
