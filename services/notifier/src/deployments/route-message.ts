import {
  findAppByRepository,
  type AppsConfig,
  type ChatopsPayload,
  type NotificationJob,
} from '@chatops/shared/contracts';

export type MessageRoute =
  | { kind: 'update'; channel: string; ts: string }
  | { kind: 'post'; channel: string }
  | { kind: 'nowhere'; reason: string };

/**
 * Where a deployment's first message goes: the message the bot posted (its signed chatops.slack),
 * else a new one in the bot's channel, else in the environment's channel, the app's, or
 * defaults.channel. `chatops` must be the signed one (or null): an unsigned payload never routes.
 */
export function routeMessage(job: NotificationJob, chatops: ChatopsPayload | null, config: AppsConfig): MessageRoute {
  const slack = chatops?.slack;
  if (slack?.ts) return { kind: 'update', channel: slack.channel, ts: slack.ts };
  if (slack?.channel) return { kind: 'post', channel: slack.channel };
  const channel = configuredChannel(job, config);
  if (channel) return { kind: 'post', channel };
  return {
    kind: 'nowhere',
    reason: `no channel is configured for ${job.repository} (set "channel" on the app or defaults in the apps config)`,
  };
}

/** The environment's channel, else the app's, else defaults.channel. */
function configuredChannel(job: NotificationJob, config: AppsConfig): string | undefined {
  const found = findAppByRepository(config, job.repository, job.deployment.environment);
  return found?.environment?.environment.channel ?? found?.app.app.channel ?? config.defaults.channel;
}

/**
 * Production results also go to the environment's own channel when it is not where the message is.
 */
export function productionChannel(job: NotificationJob, config: AppsConfig, messageChannel: string): string | null {
  const found = findAppByRepository(config, job.repository, job.deployment.environment);
  const env = found?.environment?.environment;
  const production = job.deployment.production_environment || env?.production === true;
  if (!production || !env?.channel || env.channel === messageChannel) return null;
  return env.channel;
}
