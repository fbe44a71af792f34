import { ConfigError } from '@chatops/shared/contracts';
import { baseEnvShape, loadEnv, portSchema, type Env } from '@chatops/shared/runtime';
import { z } from 'zod';

export const botEnvSchema = z.object({
  ...baseEnvShape,
  PORT: portSchema(3000),
  SLACK_SIGNING_SECRET: z.string().min(1),
  SLACK_BOT_TOKEN: z.string().min(1),
  SLACK_API_URL: z.string().url().default('https://slack.com/api/'),
  GITHUB_TOKEN: z.string().min(1).optional(),
  GITHUB_APP_ID: z.string().regex(/^\d+$/).optional(),
  GITHUB_APP_PRIVATE_KEY: z.string().min(1).optional(),
  GITHUB_APP_INSTALLATION_ID: z.coerce.number().int().positive().optional(),
  GITHUB_API_URL: z.string().url().default('https://api.github.com'),
  /** Tries of a GitHub call inside one job attempt (the job itself is retried with backoff too). */
  GITHUB_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  /**
   * Least time between two GitHub writes (new deployments) of one bot process: GitHub asks for a second; 0 turns the
   * pacing off (GitHub Enterprise without secondary limits, local fakes).
   */
  GITHUB_WRITE_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** The slash command's name, as configured in the Slack app; used in the commands the bot suggests. */
  SLACK_COMMAND: z
    .string()
    .regex(/^\/[\w.-]{1,31}$/)
    .default('/deploy'),
  BOT_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(16),
  /** BullMQ lock of an active job: the job of a killed worker is taken over after about this long. */
  BOT_JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  /**
   * Tries of a command job (exponential backoff from BOT_JOB_BACKOFF_MS): 10 tries wait out about 8.5 minutes of
   * GitHub or Slack outage.
   */
  BOT_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(10),
  BOT_JOB_BACKOFF_MS: z.coerce.number().int().min(1).default(1000),
});

export type BotEnv = z.infer<typeof botEnvSchema>;

/** The bot's environment; GitHub credentials are a token or a GitHub App (id + private key). */
export function loadConfig(env: Env = process.env): BotEnv {
  const config = loadEnv('bot', botEnvSchema, env);
  if (!config.GITHUB_TOKEN && !(config.GITHUB_APP_ID && config.GITHUB_APP_PRIVATE_KEY)) {
    throw new ConfigError('[bot]', [
      'missing required environment variable GITHUB_TOKEN (or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY)',
    ]);
  }
  if (!config.GITHUB_TOKEN && !config.GITHUB_APP_INSTALLATION_ID) {
    throw new ConfigError('[bot]', [
      'missing required environment variable GITHUB_APP_INSTALLATION_ID (needed with GitHub App credentials)',
    ]);
  }
  return config;
}
