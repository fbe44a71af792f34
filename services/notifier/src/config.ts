import { z } from 'zod';
import { baseEnvShape, loadEnv, portSchema, type Env } from '@chatops/shared/runtime';

const ms = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const positiveMs = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** The notifier's environment. Secrets may also be given as files (`SLACK_BOT_TOKEN_FILE`). */
export const configSchema = z.object({
  ...baseEnvShape,
  PORT: portSchema(3002),
  SLACK_BOT_TOKEN: z.string().min(1),
  SLACK_API_URL: z.string().url().default('https://slack.com/api/'),
  GITHUB_WEB_URL: z.string().url().default('https://github.com'),
  /** How often each environment's health_check is probed by its monitor. */
  HEALTH_MONITOR_INTERVAL_MS: positiveMs(60_000),
  /** Failed probes in a row before a "down" alert. */
  HEALTH_FAILURES_BEFORE_DOWN: z.coerce.number().int().positive().default(3),
  /** Repeat the "still down" alert this often while down; 0 = never. */
  HEALTH_REMINDER_INTERVAL_MS: ms(0),
  /** One probe gives up after this long. */
  HEALTH_PROBE_TIMEOUT_MS: positiveMs(5_000),
  /** Redirects a probe follows (same host only) before it calls the check unhealthy. */
  HEALTH_MAX_REDIRECTS: z.coerce.number().int().min(0).max(10).default(3),
  /** Tries of the probe after a successful deployment, and the wait between them. */
  POST_DEPLOY_PROBE_ATTEMPTS: z.coerce.number().int().positive().max(20).default(5),
  POST_DEPLOY_PROBE_INTERVAL_MS: ms(3_000),
  /** Set to false to run no monitors from this replica (they are shared through Redis anyway). */
  HEALTH_MONITORS: z.enum(['true', 'false']).default('true'),
  /** BullMQ lock of an active job: the job of a killed worker is taken over after about this long. */
  NOTIFIER_JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  /** How long a killed notifier's hold on one deployment's message blocks that deployment's next status. */
  NOTIFIER_KEY_LOCK_MS: z.coerce.number().int().min(1000).default(60_000),
});

export type Config = z.infer<typeof configSchema>;

/** Parses the environment; every problem at once, in a ConfigError naming each variable. */
export function loadConfig(env: Env = process.env): Config {
  return loadEnv('notifier', configSchema, env);
}

/** The tunables the notifier's workers take (tests pass short ones). */
export type NotifierSettings = {
  githubWebUrl: string;
  monitorIntervalMs: number;
  failuresBeforeDown: number;
  reminderIntervalMs: number;
  postDeployAttempts: number;
  postDeployIntervalMs: number;
  /** Keep the monitor schedulers in sync with the config at start. */
  monitors: boolean;
  concurrency?: number;
  /** BullMQ lock of an active job (a killed worker's job is taken over after about this long). */
  jobLockMs?: number;
  /** TTL of the per-deployment lock (released at once normally; expires when its holder died). */
  keyLockMs?: number;
};

export function settingsOf(config: Config): NotifierSettings {
  return {
    githubWebUrl: config.GITHUB_WEB_URL,
    monitorIntervalMs: config.HEALTH_MONITOR_INTERVAL_MS,
    failuresBeforeDown: config.HEALTH_FAILURES_BEFORE_DOWN,
    reminderIntervalMs: config.HEALTH_REMINDER_INTERVAL_MS,
    postDeployAttempts: config.POST_DEPLOY_PROBE_ATTEMPTS,
    postDeployIntervalMs: config.POST_DEPLOY_PROBE_INTERVAL_MS,
    monitors: config.HEALTH_MONITORS === 'true',
    jobLockMs: config.NOTIFIER_JOB_LOCK_MS,
    keyLockMs: config.NOTIFIER_KEY_LOCK_MS,
  };
}
