import type { AppsConfig, FreezeStore, LockStore } from '@chatops/shared/contracts';
import {
  createHttpApp,
  registerHealthRoutes,
  registerMetricsRoute,
  type HttpApp,
  type HttpAppOptions,
  type Logger,
  type Metrics,
  type ReadinessChecks,
} from '@chatops/shared/runtime';
import { handlesSlackEvent } from './handlers/slack-event.js';
import type { Clock, DialogQueue, GroupCache, ProducerPort, RateCounter, RefCache } from './ports.js';
import { slackCommandsRoutes } from './routes/slack-commands.js';
import { slackEventsRoutes } from './routes/slack-events.js';
import { slackInteractionsRoutes } from './routes/slack-interactions.js';
import { slackOptionsRoutes } from './routes/slack-options.js';

/** What the dialogs' routes read (Redis and the config only) and where their jobs go. */
export type DialogRouteDeps = {
  queue: DialogQueue;
  locks: LockStore;
  freezes: FreezeStore;
  refs: RefCache;
  /** CHATOPS_PAYLOAD_SECRET: signs and verifies a dialog's private_metadata. */
  payloadSecret: string;
};

export type AppDeps = {
  config: AppsConfig;
  signingSecret: string;
  producer: ProducerPort;
  rateCounter: RateCounter;
  groups: GroupCache;
  dialogs: DialogRouteDeps;
  readiness: ReadinessChecks;
  metrics: Metrics;
  logger: Logger;
  clock: Clock;
  /** Runs before each scrape of /metrics (queue depth). */
  beforeScrape?: () => Promise<void>;
  timeouts?: HttpAppOptions['timeouts'];
};

/** The bot's HTTP side: Slack commands, presses, dialogs and their options, health and metrics. No listen, no env. */
export function buildApp(deps: AppDeps): HttpApp {
  // One line per request instead of Fastify's two: an accepted command has its own line ("command
  // enqueued", or "command not enqueued" with the reason), so its "request completed" is at debug;
  // button presses have none, theirs stays at info.
  const app = createHttpApp({
    logger: deps.logger,
    bodyLimit: 64 * 1024,
    requestLog: { infoRoutes: ['/slack/interactions', '/slack/options'] },
    timeouts: deps.timeouts,
  });
  const { clock } = deps;
  const common = {
    signingSecret: deps.signingSecret,
    nowSec: () => Math.floor(clock.now() / 1000),
    producer: deps.producer,
    clock,
  };
  registerHealthRoutes(app, deps.readiness);
  registerMetricsRoute(app, deps.metrics, deps.beforeScrape);
  void app.register(slackEventsRoutes, { ...common, handles: handlesSlackEvent });
  void app.register(slackCommandsRoutes, {
    ...common,
    config: deps.config,
    rateCounter: deps.rateCounter,
    groups: deps.groups,
    dialogs: deps.dialogs.queue,
  });
  void app.register(slackInteractionsRoutes, {
    ...common,
    config: deps.config,
    rateCounter: deps.rateCounter,
    groups: deps.groups,
    dialogs: deps.dialogs,
  });
  void app.register(slackOptionsRoutes, {
    ...common,
    config: deps.config,
    groups: deps.groups,
    refs: deps.dialogs.refs,
    dialogs: deps.dialogs.queue,
    payloadSecret: deps.dialogs.payloadSecret,
  });
  return app;
}
