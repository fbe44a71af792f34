import { z } from 'zod';
import { ConfigError, type AppsConfig } from '@chatops/shared/contracts';
import { baseEnvShape, loadEnv, portSchema, type Env } from '@chatops/shared/runtime';

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** heaven's environment. Credentials a provider needs are checked against the apps config by checkProviderEnv. */
export const configSchema = z.object({
  ...baseEnvShape,
  PORT: portSchema(3001),
  GITHUB_TOKEN: z.string().min(1).optional(),
  GITHUB_APP_ID: z.string().regex(/^\d+$/, 'expected a numeric app id').optional(),
  GITHUB_APP_PRIVATE_KEY: z.string().min(1).optional(),
  GITHUB_APP_INSTALLATION_ID: z.string().regex(/^\d+$/, 'expected a numeric installation id').optional(),
  GITHUB_API_URL: z.string().url().default('https://api.github.com'),
  GITHUB_WEBHOOK_SECRET: z.string().min(1),
  CIRCLECI_TOKEN: z.string().min(1).optional(),
  CIRCLECI_API_URL: z.string().url().default('https://circleci.com/api/v2'),
  CIRCLECI_WEBHOOK_SECRET: z.string().min(1).optional(),
  PUBLIC_URL: z.string().url().optional(),
  /** First delay between two looks at a running CI; grows ×1.5 up to HEAVEN_POLL_MAX_MS. */
  HEAVEN_POLL_INTERVAL_MS: ms(10_000),
  HEAVEN_POLL_MAX_MS: ms(60_000),
  /** A CI that has not started any work this long after the trigger ends in error. */
  HEAVEN_START_WATCHDOG_MS: ms(10 * 60_000),
  /** A deployment whose CI gave no answer this long ends in error. */
  HEAVEN_WATCHDOG_MS: ms(15 * 60_000),
  /** Overrides the config's defaults.timeout_minutes when set (tests). */
  HEAVEN_DEFAULT_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
  /** BullMQ lock of an active job: a killed worker's job is taken over after about this long. */
  HEAVEN_JOB_LOCK_MS: ms(30_000),
  /** Jobs of each queue one heaven process runs at once (each is a short look at a deployment). */
  HEAVEN_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(128).default(8),
  /**
   * Tries of a job (exponential backoff from HEAVEN_JOB_BACKOFF_MS): 10 tries wait out about 8.5 minutes of
   * GitHub or Slack outage.
   */
  HEAVEN_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(10),
  HEAVEN_JOB_BACKOFF_MS: z.coerce.number().int().min(1).default(1000),
  HEAVEN_LOG_DIR: z.string().optional(),
  /** Retries of a GitHub call inside one job attempt (githubRetry of @chatops/shared). */
  HEAVEN_GITHUB_RETRIES: z.coerce.number().int().min(0).default(3),
  /**
   * Least time between two GitHub writes (deployment statuses) of one heaven process: GitHub asks for a
   * second; 0 turns the pacing off (GitHub Enterprise without secondary limits, local fakes).
   */
  GITHUB_WRITE_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** Basic-auth credentials of GET /dashboard and /admin/queues; both unset = neither is mounted. */
  HEAVEN_ADMIN_USER: z.string().min(1).optional(),
  HEAVEN_ADMIN_PASSWORD: z.string().min(8, 'expected at least 8 characters').optional(),
  /** Seconds between two reloads of the dashboard page. */
  HEAVEN_DASHBOARD_REFRESH_S: z.coerce.number().int().positive().default(10),
});

export type HeavenConfig = z.infer<typeof configSchema>;

export function loadConfig(env: Env = process.env): HeavenConfig {
  const config = loadEnv('heaven', configSchema, env);
  const problems: string[] = [];
  if (
    !config.GITHUB_TOKEN &&
    !(config.GITHUB_APP_ID && config.GITHUB_APP_PRIVATE_KEY && config.GITHUB_APP_INSTALLATION_ID)
  ) {
    problems.push(
      'missing required environment variable GITHUB_TOKEN ' +
        '(or GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY + GITHUB_APP_INSTALLATION_ID)',
    );
  }
  if (Boolean(config.HEAVEN_ADMIN_USER) !== Boolean(config.HEAVEN_ADMIN_PASSWORD)) {
    problems.push(
      'HEAVEN_ADMIN_USER and HEAVEN_ADMIN_PASSWORD go together: set both (dashboard and /admin/queues) or neither',
    );
  }
  if (problems.length > 0) throw new ConfigError('[heaven]', problems);
  return config;
}

/** Variables needed only when an app uses a provider: CIRCLECI_TOKEN for circleci, PUBLIC_URL for shell. */
export function checkProviderEnv(config: HeavenConfig, apps: AppsConfig): void {
  const providers = new Set(Object.values(apps.apps).map((a) => a.provider));
  const problems: string[] = [];
  if (providers.has('circleci') && !config.CIRCLECI_TOKEN)
    problems.push('missing required environment variable CIRCLECI_TOKEN (an app uses provider circleci)');
  if (providers.has('shell') && !config.PUBLIC_URL)
    problems.push('missing required environment variable PUBLIC_URL (an app uses provider shell)');
  if (problems.length > 0) throw new ConfigError('[heaven]', problems);
}

/** The secrets to scrub from every log line. */
export function secretsOf(config: HeavenConfig): Array<string | undefined> {
  return [
    config.GITHUB_TOKEN,
    config.GITHUB_APP_PRIVATE_KEY,
    config.GITHUB_WEBHOOK_SECRET,
    config.CIRCLECI_TOKEN,
    config.CIRCLECI_WEBHOOK_SECRET,
    config.HEAVEN_ADMIN_PASSWORD,
  ];
}
