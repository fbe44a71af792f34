import { z } from 'zod';
import { type Redis, redisKey } from '@chatops/shared/runtime';

/**
 * A deployment changed (a status posted, or it finished and its history was written): published by
 * the heaven that ran it on a Redis channel, so the dashboard of every heaven replica hears it.
 */
export const dashboardEventSchema = z.object({
  id: z.number().int().positive(),
  line: z.string().min(1).max(500),
  state: z.string().min(1).max(40),
});

type DashboardEvent = z.infer<typeof dashboardEventSchema>;

/** Publishes deployment changes to the dashboards (best effort: a dashboard also refreshes by itself). */
export type DashboardEvents = { publish(event: DashboardEvent): Promise<void> };

/** The Redis pub/sub channel of a queue prefix (one per installation, shared by every replica). */
export const dashboardChannel = (prefix: string) => redisKey(prefix, 'heaven', 'dashboard-events');

export function createDashboardEvents(redis: Redis, prefix: string): DashboardEvents {
  const channel = dashboardChannel(prefix);
  return {
    async publish(event) {
      await redis.publish(channel, JSON.stringify(dashboardEventSchema.parse(event)));
    },
  };
}
