import { z } from 'zod';
import { ConfigError, type AppsConfig } from '@chatops/shared/contracts';
import {
  DEPLOYMENT_RECORD_DEFAULTS,
  baseEnvShape,
  doraEnvShape,
  flagSchema,
  githubCredentialProblems,
  githubEnvShape,
  jobLockMsSchema,
  loadEnv,
  msSchema,
  portSchema,
  redisPassword,
  secretSchema,
  type Env,
} from '@chatops/shared/runtime';

/** heaven's environment. Credentials a provider needs are checked against the apps config by checkProviderEnv. */
export const envSchema = z.object({
  ...baseEnvShape,
  PORT: portSchema(3001),
  ...githubEnvShape,
  GITHUB_WEBHOOK_SECRET: secretSchema.describe("verifies GitHub's X-Hub-Signature-256: the webhook's secret"),
  CIRCLECI_TOKEN: secretSchema
    .optional()
    .describe('a CircleCI personal API token (required when an app uses circleci)'),
  CIRCLECI_API_URL: z.string().url().default('https://circleci.com/api/v2').describe("CircleCI's API v2"),
  CIRCLECI_WEBHOOK_SECRET: secretSchema
    .optional()
    .describe("verifies CircleCI's circleci-signature; unset: heaven follows pipelines by polling only"),
  PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .describe("where people's browsers reach heaven, for shell log links (required when an app uses shell)"),
  HEAVEN_POLL_INTERVAL_MS: msSchema(10_000).describe('first wait between two looks at a running CI, growing ×1.5'),
  HEAVEN_POLL_MAX_MS: msSchema(60_000).describe(
    'longest wait between two looks; also the fallback look of a queued deployment and the failed-job sweep',
  ),
  HEAVEN_START_WATCHDOG_MS: msSchema(10 * 60_000).describe('a CI that has not started after this long ends in error'),
  HEAVEN_WATCHDOG_MS: msSchema(15 * 60_000).describe('a CI that has not answered for this long ends in error'),
  HEAVEN_DEFAULT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe("overrides the config's defaults.timeout_minutes"),
  HEAVEN_JOB_LOCK_MS: jobLockMsSchema(),
  HEAVEN_WORKER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(128)
    .default(8)
    .describe('jobs of each queue one heaven process runs at once'),
  HEAVEN_JOB_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30)
    .default(10)
    .describe(
      'tries of each job heaven enqueues (deployments, ci-events, and the notifications jobs the notifier runs); ' +
        'with the backoff, 10 tries ride out about 8.5 minutes of GitHub or CI down',
    ),
  HEAVEN_JOB_BACKOFF_MS: msSchema(1000).describe(
    'first wait before a job heaven enqueued is tried again, doubling each time',
  ),
  HEAVEN_LOG_DIR: z
    .string()
    .optional()
    .describe('where shell logs are written (default: <tmpdir>/chatops-heaven-logs)'),
  HEAVEN_LOG_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(14)
    .describe('shell logs older than this are deleted (at start and every hour)'),
  HEAVEN_ADMIN_USER: z
    .string()
    .min(1)
    .optional()
    .describe('basic-auth user of /dashboard and /admin/queues; with the password, or neither page exists'),
  HEAVEN_ADMIN_PASSWORD: secretSchema.optional().describe('basic-auth password of /dashboard and /admin/queues'),
  HEAVEN_DASHBOARD_REFRESH_S: z.coerce
    .number()
    .int()
    .positive()
    .default(10)
    .describe('seconds between two refreshes of the dashboard (locks, freezes; the whole page without JavaScript)'),
  HEAVEN_QUEUE_BOARD_WRITES: flagSchema(false).describe(
    'true lets /admin/queues change the queues (retry, remove, add jobs); read-only otherwise',
  ),
  ...doraEnvShape,
  HEAVEN_DORA_MAX_RECORDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(100_000)
    .default(DEPLOYMENT_RECORD_DEFAULTS.maxPerEnvironment)
    .describe('deployment records kept per app and environment (the oldest go first)'),
  HEAVEN_DORA_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(DEPLOYMENT_RECORD_DEFAULTS.retentionDays)
    .describe('deployment records older than this are dropped (180: the 90-day figures and their trend)'),
});

export type HeavenEnv = z.infer<typeof envSchema>;

/** Variables renamed since: naming the new one beats ignoring the old one silently. */
const RENAMED: Record<string, string> = { HEAVEN_GITHUB_RETRIES: 'GITHUB_RETRIES' };

/** Parses the environment; every problem at once, in a ConfigError naming each variable. */
export function loadConfig(env: Env = process.env): HeavenEnv {
  const renamed = Object.entries(RENAMED)
    .filter(([old]) => env[old] !== undefined)
    .map(([old, now]) => `${old} is now ${now}: rename it`);
  let parsed: HeavenEnv;
  try {
    parsed = loadEnv(envSchema, env);
  } catch (e) {
    if (e instanceof ConfigError && renamed.length > 0) throw new ConfigError([...renamed, ...e.problems]);
    throw e;
  }
  const problems: string[] = [...renamed];
  problems.push(...githubCredentialProblems(parsed));
  if (Boolean(parsed.HEAVEN_ADMIN_USER) !== Boolean(parsed.HEAVEN_ADMIN_PASSWORD)) {
    problems.push(
      'HEAVEN_ADMIN_USER and HEAVEN_ADMIN_PASSWORD go together: set both (dashboard and /admin/queues) or neither',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed;
}

/** Variables needed only when an app uses a provider: CIRCLECI_TOKEN for circleci, PUBLIC_URL for shell. */
export function checkProviderEnv(env: HeavenEnv, apps: AppsConfig): void {
  const providers = new Set(Object.values(apps.apps).map((a) => a.provider));
  const problems: string[] = [];
  if (providers.has('circleci') && !env.CIRCLECI_TOKEN)
    problems.push('missing required environment variable CIRCLECI_TOKEN (an app uses provider circleci)');
  if (providers.has('shell') && !env.PUBLIC_URL)
    problems.push('missing required environment variable PUBLIC_URL (an app uses provider shell)');
  if (problems.length > 0) throw new ConfigError(problems);
}

/** The values scrubbed from every log line: every secret, and Redis's password if its URL has one. */
export function secretsOf(env: HeavenEnv): Array<string | undefined> {
  return [
    env.GITHUB_TOKEN,
    env.GITHUB_APP_PRIVATE_KEY,
    env.GITHUB_WEBHOOK_SECRET,
    env.CHATOPS_PAYLOAD_SECRET,
    env.CIRCLECI_TOKEN,
    env.CIRCLECI_WEBHOOK_SECRET,
    env.HEAVEN_ADMIN_PASSWORD,
    redisPassword(env.REDIS_URL),
  ];
}
