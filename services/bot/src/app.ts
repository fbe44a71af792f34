import type { AppsConfig } from '@chatops/shared/contracts';
import {
  createHttpApp,
  registerHealthRoutes,
  registerMetricsRoute,
  type HttpApp,
  type Logger,
  type Metrics,
  type ReadinessChecks,
} from '@chatops/shared/runtime';
import type { BotStorePort, Clock, ProducerPort } from './ports.js';
import { slackCommandsRoutes } from './routes/slack-commands.js';
import { slackInteractionsRoutes } from './routes/slack-interactions.js';

export type AppDeps = {
  config: AppsConfig;
  signingSecret: string;
  producer: ProducerPort;
  store: BotStorePort;
  readiness: ReadinessChecks;
  metrics: Metrics;
  logger: Logger;
  clock?: Clock;
  /** Runs before each scrape of /metrics (queue depth). */
  beforeScrape?: () => Promise<void>;
};

/** The bot's HTTP side: Slack commands and button presses, health and metrics. No listen, no env. */
export function buildApp(deps: AppDeps): HttpApp {
  // One line per request instead of Fastify's two: an accepted command has its own line ("command
  // enqueued", or "command not enqueued" with the reason), so its "request completed" is at debug;
  // button presses have none, theirs stays at info.
  const app = createHttpApp({
    logger: deps.logger,
    bodyLimit: 64 * 1024,
    requestLog: { infoRoutes: ['/slack/interactions'] },
  });
  const clock = deps.clock ?? Date.now;
  const common = {
    signingSecret: deps.signingSecret,
    nowSec: () => Math.floor(clock() / 1000),
    config: deps.config,
    producer: deps.producer,
    clock,
  };
  registerHealthRoutes(app, deps.readiness);
  registerMetricsRoute(app, deps.metrics, deps.beforeScrape);
  void app.register(slackCommandsRoutes, { ...common, store: deps.store });
  void app.register(slackInteractionsRoutes, common);
  return app;
}
