import type { AppsConfig } from '@chatops/shared/contracts';
import {
  genRequestId,
  registerHealthRoutes,
  registerMetricsRoute,
  RequestLogController,
  type Metrics,
  type ReadinessChecks,
} from '@chatops/shared/runtime';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
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
  clock?: Clock;
  logger?: Logger;
  /** Runs before each scrape of /metrics (queue depth). */
  beforeScrape?: () => Promise<void>;
};

/** The bot's HTTP side: Slack commands and button presses, health and metrics. No listen, no env. */
export function buildApp(deps: AppDeps): FastifyInstance {
  // One line per request instead of Fastify's two: an accepted command has its own line ("command
  // enqueued", or "command not enqueued" with the reason), so its "request completed" is at debug;
  // button presses have none, theirs stays at info.
  const logController = new RequestLogController({ infoRoutes: ['/slack/interactions'] });
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: 64 * 1024,
    genReqId: genRequestId,
    logController,
  }) as unknown as FastifyInstance;
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
