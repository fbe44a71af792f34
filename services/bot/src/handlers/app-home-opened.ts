import { formatZodIssues, JobDataError, QUEUES } from '@chatops/shared/contracts';
import { z } from 'zod';
import { homeOpened } from '../home/home-tab.js';
import type { SlackEventContext } from './slack-event.js';

/** `app_home_opened`: someone opened one of the app's tabs (`home`, `messages`, `about`). */
const appHomeOpenedEventSchema = z.object({
  type: z.literal('app_home_opened'),
  user: z.string().regex(/^[UW][A-Z0-9]{2,}$/),
  tab: z.string().max(40).optional(),
});

/**
 * `app_home_opened` on the Home tab: their Home is published now (a `home-tab` job named by the
 * event, so a redelivered event publishes once), and they are shown its changes for a while.
 */
export async function handleAppHomeOpened(ctx: SlackEventContext): Promise<void> {
  const parsed = appHomeOpenedEventSchema.safeParse(ctx.job.event);
  if (!parsed.success) throw new JobDataError(QUEUES.slackEvents, formatZodIssues(parsed.error));
  const { user, tab } = parsed.data;
  if (await homeOpened(ctx.deps, { user, tab, eventId: ctx.job.event_id })) ctx.log.info({ user }, 'home tab opened');
}
