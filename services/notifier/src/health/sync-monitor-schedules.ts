import { healthCheckJobSchema, jobId, type AppsConfig } from '@chatops/shared/contracts';
import type { Queue } from 'bullmq';

const MONITOR_PREFIX = 'monitor-';

/**
 * One BullMQ job scheduler per environment with a health_check, so each is probed once per
 * interval however many replicas run. Schedulers of environments no longer configured are removed.
 * Returns the scheduler ids in place.
 */
export async function syncMonitorSchedules(queue: Queue, config: AppsConfig, everyMs: number): Promise<string[]> {
  const wanted = new Map<string, { app: string; environment: string }>();
  for (const [app, appConfig] of Object.entries(config.apps)) {
    for (const [environment, env] of Object.entries(appConfig.environments)) {
      if (env.health_check) wanted.set(jobId('monitor', app, environment), { app, environment });
    }
  }
  const existing = await queue.getJobSchedulers(0, -1);
  for (const scheduler of existing) {
    const id = scheduler.key;
    if (id.startsWith(MONITOR_PREFIX) && !wanted.has(id)) await queue.removeJobScheduler(id);
  }
  for (const [id, data] of wanted) {
    await queue.upsertJobScheduler(
      id,
      { every: everyMs },
      {
        name: 'monitor',
        data: healthCheckJobSchema.parse(data),
        opts: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } },
      },
    );
  }
  return [...wanted.keys()];
}

/** Removes every monitor scheduler (when this deployment runs no monitors). */
export async function removeMonitorSchedules(queue: Queue): Promise<void> {
  for (const scheduler of await queue.getJobSchedulers(0, -1)) {
    if (scheduler.key.startsWith(MONITOR_PREFIX)) await queue.removeJobScheduler(scheduler.key);
  }
}
