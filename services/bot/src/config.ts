import { ConfigError, type AppsConfig } from '@chatops/shared/contracts';
import {
  baseEnvShape,
  doraEnvShape,
  githubClientEnv,
  githubCredentialProblems,
  githubEnvShape,
  jobLockMsSchema,
  loadEnv,
  portSchema,
  redisPassword,
  secretSchema,
  slackEnvShape,
  type Env,
} from '@chatops/shared/runtime';
import { z } from 'zod';

/** The bot's environment. */
export const envSchema = z.object({
  ...baseEnvShape,
  PORT: portSchema(3000),
  SLACK_SIGNING_SECRET: secretSchema.describe("verifies Slack's requests: the Slack app's Signing Secret"),
  ...slackEnvShape,
  ...doraEnvShape,
  SLACK_COMMAND: z
    .string()
    .regex(/^\/[\w.-]{1,31}$/)
    .default('/deploy')
    .describe("the slash command's name as set in the Slack app, used in the commands the bot suggests"),
  ...githubEnvShape,
  BOT_WORKER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(16)
    .describe('commands one bot process runs at once'),
  BOT_JOB_LOCK_MS: jobLockMsSchema(),
  BOT_JOB_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30)
    .default(10)
    .describe('tries of a command job; with the backoff, 10 tries ride out about 8.5 minutes of GitHub or Slack down'),
  BOT_JOB_BACKOFF_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(1000)
    .describe('first wait before a command job is tried again, doubling each time'),
});

export type BotEnv = z.infer<typeof envSchema>;

/** The bot's environment; GitHub credentials are a token or a GitHub App (id + private key + installation). */
export function loadConfig(env: Env = process.env): BotEnv {
  const config = loadEnv(envSchema, env);
  const problems = githubCredentialProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The bot speaks to GitHub as the GitHub App only without GITHUB_TOKEN (a token wins when both are set). */
export function usesGitHubApp(env: BotEnv): boolean {
  return 'appId' in githubClientEnv(env).credentials;
}

/**
 * The warning at start-up when environments have `protection_rule:` but the bot uses GITHUB_TOKEN:
 * GitHub takes a custom deployment protection rule's review only from a GitHub App, so runs waiting
 * there go unanswered. A warning, not a refusal: everything else works with a token. Null when there
 * is nothing to say. Pure.
 */
export function protectionRuleWarning(env: BotEnv, apps: AppsConfig): string | null {
  if (usesGitHubApp(env)) return null;
  const places = Object.entries(apps.apps).flatMap(([app, config]) =>
    Object.entries(config.environments)
      .filter(([, environment]) => environment.protection_rule)
      .map(([name]) => `${app} ${name}`),
  );
  if (places.length === 0) return null;
  return (
    `protection_rule: is set for ${places.join(', ')}, but the bot uses GITHUB_TOKEN and GitHub takes the review ` +
    'of a custom deployment protection rule only from a GitHub App: GitHub Actions runs waiting there will not be ' +
    'answered (set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID instead of GITHUB_TOKEN)'
  );
}

/** The values scrubbed from every log line: every secret, and Redis's password if its URL has one. */
export function secretsOf(env: BotEnv): Array<string | undefined> {
  return [
    env.SLACK_SIGNING_SECRET,
    env.SLACK_BOT_TOKEN,
    env.GITHUB_TOKEN,
    env.GITHUB_APP_PRIVATE_KEY,
    env.CHATOPS_PAYLOAD_SECRET,
    redisPassword(env.REDIS_URL),
  ];
}
