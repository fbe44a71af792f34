import type { AppsConfig } from '@chatops/shared/contracts';
import type { Logger, Redis } from '@chatops/shared/runtime';
import type { Queue } from 'bullmq';
import { removeMonitorSchedules, syncMonitorSchedules } from './sync-monitor-schedules.js';

export type MonitorSyncOptions = {
  healthChecks: Queue;
  apps: AppsConfig;
  /** false: every monitor scheduler is removed (HEALTH_MONITORS=false). */
  enabled: boolean;
  everyMs: number;
  /** The connection of `healthChecks`: a failed sync is tried again when it next connects. */
  redis: Redis;
  logger: Pick<Logger, 'info' | 'warn'>;
};

export type MonitorSync = {
  /** Syncs now; never throws (a failure is logged and tried again when Redis next connects). */
  sync(): Promise<void>;
  /** Syncs now if Redis answers, else once it does. */
  syncWhenRedisAnswers(): void;
  /** No sync from now on (the service is closing). */
  stop(): void;
};

/** Keeps the monitor schedulers as the config says, once Redis answers, whatever Redis did at start-up. */
export function createMonitorSync(options: MonitorSyncOptions): MonitorSync {
  const { healthChecks, redis, logger } = options;
  let stopped = false;
  const sync = async (): Promise<void> => {
    if (stopped) return;
    try {
      if (!options.enabled) return await removeMonitorSchedules(healthChecks);
      const ids = await syncMonitorSchedules(healthChecks, options.apps, options.everyMs);
      logger.info({ monitors: ids }, `health monitors: ${ids.length}`);
    } catch (e) {
      if (stopped) return;
      logger.warn({ err: e }, 'could not sync the health monitors; trying again when Redis reconnects');
      redis.once('ready', () => void sync());
    }
  };
  return {
    sync,
    syncWhenRedisAnswers() {
      if (redis.status === 'ready') void sync();
      else redis.once('ready', () => void sync());
    },
    stop() {
      stopped = true;
    },
  };
}
