import type { Queue } from 'bullmq';
import type { AppsConfig } from '@chatops/shared/contracts';
import {
  createDeploymentRecordStore,
  createFreezeStore,
  createGitHubClient,
  createLockStore,
  createRedis,
  createTtlCache,
  githubClientEnv,
  type Logger,
  type Redis,
} from '@chatops/shared/runtime';
import { createGitHubDeploymentReader } from './adapters/github-deployment-reader.js';
import type { HeavenEnv } from './config.js';
import { dashboardChannel } from './dashboard/dashboard-events.js';
import { createEventHub } from './dashboard/event-hub.js';
import { readDashboard, githubWebUrl } from './dashboard/read-dashboard.js';
import { readDeployment } from './dashboard/read-deployment.js';
import { readDora, readHistory } from './dashboard/read-history.js';
import { renderDoraSection } from './dashboard/render-dora.js';
import type { Clock } from './ports.js';
import type { AdminOptions } from './routes/admin.js';
import { createLoginFailures } from './stores/login-failures.js';
import { createRunStore } from './stores/run-store.js';

/** Live dashboards one heaven serves at once (each holds a socket); more get 503 and fall back to reloading. */
const MAX_STREAMS = 50;
const HEARTBEAT_MS = 15_000;
/** A person waits for the deployment page: GitHub gets this long, once. */
const GITHUB_PAGE_TIMEOUT_MS = 3000;

/**
 * What the admin pages (the dashboard and the queue board) are built with; undefined, so neither
 * page exists, unless the admin credentials are set. Read from Redis; the page of one deployment
 * also reads GitHub (short timeout, cached briefly).
 */
export function adminOptions(
  env: HeavenEnv,
  apps: AppsConfig,
  redis: Redis,
  queues: Queue[],
  clock: Clock,
  logger: Logger,
): AdminOptions | undefined {
  if (!env.HEAVEN_ADMIN_USER || !env.HEAVEN_ADMIN_PASSWORD) return undefined;
  const prefix = env.CHATOPS_QUEUE_PREFIX;
  const now = () => clock.now();
  const store = createRunStore(redis, prefix);
  const records = createDeploymentRecordStore(redis, prefix);
  const githubWeb = githubWebUrl(env.GITHUB_API_URL);
  const sources = {
    apps,
    store,
    locks: createLockStore(redis, prefix),
    freezes: createFreezeStore(redis, prefix),
    records,
    githubApiUrl: env.GITHUB_API_URL,
    now,
  };
  const octokit = createGitHubClient({
    ...githubClientEnv(env),
    retries: 0,
    timeoutMs: GITHUB_PAGE_TIMEOUT_MS,
    userAgent: 'chatops-heaven-dashboard',
    logger,
  });
  const reader = createGitHubDeploymentReader(octokit);
  // The charts are the costly part (computeDora over each period): rendered once per 30 s and replica.
  const doraCache = createTtlCache<string>({ ttlMs: 30_000, max: 1 });
  const renderCharts = async () => renderDoraSection(await readDora(records, now()), now());
  return {
    credentials: { user: env.HEAVEN_ADMIN_USER, password: env.HEAVEN_ADMIN_PASSWORD },
    limiter: createLoginFailures(redis, prefix),
    pages: {
      dashboard: () => readDashboard(sources),
      dora: () => doraCache.get('all', renderCharts),
      history: (query, problem) => readHistory({ apps, records, githubWeb }, query, problem),
      deployment: (id) => readDeployment({ apps, records, store, reader, githubWeb }, id),
      refreshS: env.HEAVEN_DASHBOARD_REFRESH_S,
      now,
    },
    events: createEventHub({
      subscriber: () => createRedis(env.REDIS_URL, 'producer', { logger, enableOfflineQueue: true }),
      channel: dashboardChannel(prefix),
      maxClients: MAX_STREAMS,
      heartbeatMs: HEARTBEAT_MS,
      log: logger,
    }),
    queues,
    boardWrites: env.HEAVEN_QUEUE_BOARD_WRITES,
    records,
  };
}
