/** Every queue of the system. Services meet only here, in GitHub, and in this package. */
export const QUEUES = {
  /** bot HTTP → bot worker: parsed slash commands and button presses. */
  chatCommands: 'chat-commands',
  /** heaven HTTP → heaven worker: GitHub `deployment` webhooks to run. */
  deployments: 'deployments',
  /** heaven HTTP → heaven worker: CI events (CircleCI webhooks, GitHub workflow_run, commit statuses). */
  ciEvents: 'ci-events',
  /** bot → heaven: cancel a waiting or running deployment. */
  deploymentControl: 'deployment-control',
  /** heaven → notifier: deployment statuses to show in Slack. */
  notifications: 'notifications',
  /** bot → notifier, and the notifier's own monitors: health probes. */
  healthChecks: 'health-checks',
  /** bot → bot, delayed: a lock's reminder, its nag and its end. */
  lockTimers: 'lock-timers',
  /** heaven → bot (and the bot's own, delayed): GitHub Actions runs waiting at a custom deployment protection rule. */
  protectionRules: 'protection-rules',
  /** bot HTTP → bot worker: Events API events (an @-mention, the Home tab opened), acknowledged at once. */
  slackEvents: 'slack-events',
  /** heaven → notifier: a review environment was torn down (said once in its channel). */
  announcements: 'announcements',
  /** bot → bot: open and update dialogs (Slack modals), refresh the cache of a repository's branches and tags. */
  dialogs: 'dialogs',
  /** notifier → bot: a deployment changed state; the Home tabs showing its app are published again. */
  homeUpdates: 'home-updates',
  /** bot → bot: publish a person's Home tab (delayed and debounced after a change), a Home button's command. */
  homeTab: 'home-tab',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** The default key prefix. The hash tag keeps every key of a queue in one Redis Cluster slot. */
export const DEFAULT_QUEUE_PREFIX = '{chatops}';

/** BullMQ custom job ids may not contain `:`. */
export function jobId(...parts: Array<string | number>): string {
  return parts.map((p) => String(p).replace(/[^A-Za-z0-9_.-]/g, '_')).join('-');
}
