import { z } from 'zod';
import {
  baseEnvShape,
  jobLockMsSchema,
  loadEnv,
  msSchema,
  portSchema,
  redisPassword,
  slackEnvShape,
  type Env,
} from '@chatops/shared/runtime';

/** The notifier's environment. Secrets may also be given as files (`SLACK_BOT_TOKEN_FILE`). */
export const envSchema = z.object({
  ...baseEnvShape,
  PORT: portSchema(3002),
  ...slackEnvShape,
  GITHUB_WEB_URL: z
    .string()
    .url()
    .default('https://github.com')
    .describe("GitHub's web UI, for commit and compare links (GitHub Enterprise Server: its host)"),
  HEALTH_MONITOR_INTERVAL_MS: msSchema(60_000).describe("how often each environment's health_check is probed"),
  HEALTH_FAILURES_BEFORE_DOWN: z.coerce
    .number()
    .int()
    .positive()
    .default(3)
    .describe('failed probes in a row before "down" is posted'),
  HEALTH_REMINDER_INTERVAL_MS: msSchema(0, 0).describe('repeat "still down" this often; 0: never'),
  HEALTH_PROBE_TIMEOUT_MS: msSchema(5_000).describe('one probe gives up after this long'),
  HEALTH_MAX_REDIRECTS: z.coerce
    .number()
    .int()
    .min(0)
    .max(10)
    .default(3)
    .describe('redirects a probe follows, only on the same origin (scheme, host, port; never https → http)'),
  POST_DEPLOY_PROBE_ATTEMPTS: z.coerce
    .number()
    .int()
    .positive()
    .max(20)
    .default(5)
    .describe('probes after a successful deployment'),
  POST_DEPLOY_PROBE_INTERVAL_MS: msSchema(3_000, 0).describe('wait between two probes after a deployment'),
  HEALTH_MONITORS: z
    .enum(['true', 'false'])
    .default('true')
    .describe('false removes the monitor schedulers; set it the same on every replica'),
  NOTIFIER_JOB_LOCK_MS: jobLockMsSchema(),
  NOTIFIER_WORKER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(128)
    .default(8)
    .describe('jobs of each queue one notifier process runs at once'),
  NOTIFIER_KEY_LOCK_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(60_000)
    .describe("how long a killed notifier's hold on one deployment's message blocks that deployment's next status"),
});

/** The notifier's validated environment (the apps config is `AppsConfig`). */
export type NotifierEnv = z.infer<typeof envSchema>;

/** Parses the environment; every problem at once, in a ConfigError naming each variable. */
export function loadConfig(env: Env = process.env): NotifierEnv {
  return loadEnv(envSchema, env);
}

/** The values scrubbed from every log line: the two secrets, and Redis's password if its URL has one. */
export function secretsOf(env: NotifierEnv): Array<string | undefined> {
  return [env.SLACK_BOT_TOKEN, env.CHATOPS_PAYLOAD_SECRET, redisPassword(env.REDIS_URL)];
}
