import type { Queue } from 'bullmq';
import type { AppsConfig } from '@chatops/shared/contracts';
import { createDeploymentRecordStore, createLockStore, type Redis } from '@chatops/shared/runtime';
import type { HeavenEnv } from './config.js';
import { readDashboard } from './dashboard/read-dashboard.js';
import type { Clock } from './ports.js';
import type { AdminOptions } from './routes/admin.js';
import { createLoginFailures } from './stores/login-failures.js';
import { createRunStore } from './stores/run-store.js';

/**
 * What the admin pages (the dashboard and the queue board) are built with; undefined, so neither
 * page exists, unless the admin credentials are set. Read from Redis only.
 */
export function adminOptions(
  env: HeavenEnv,
  apps: AppsConfig,
  redis: Redis,
  queues: Queue[],
  clock: Clock,
): AdminOptions | undefined {
  if (!env.HEAVEN_ADMIN_USER || !env.HEAVEN_ADMIN_PASSWORD) return undefined;
  const prefix = env.CHATOPS_QUEUE_PREFIX;
  const sources = {
    apps,
    store: createRunStore(redis, prefix),
    locks: createLockStore(redis, prefix),
    githubApiUrl: env.GITHUB_API_URL,
    now: () => clock.now(),
  };
  return {
    credentials: { user: env.HEAVEN_ADMIN_USER, password: env.HEAVEN_ADMIN_PASSWORD },
    limiter: createLoginFailures(redis, prefix),
    dashboard: () => readDashboard(sources),
    queues,
    boardWrites: env.HEAVEN_QUEUE_BOARD_WRITES,
    records: createDeploymentRecordStore(redis, prefix),
    refreshS: env.HEAVEN_DASHBOARD_REFRESH_S,
  };
}
