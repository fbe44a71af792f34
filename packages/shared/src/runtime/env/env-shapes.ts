import { z } from 'zod';
import type { GitHubCredentials } from '../github/create-github-client.js';
import { GITHUB_WRITES_PER_HOUR, GITHUB_WRITES_PER_MINUTE } from '../github/github-write-budget.js';

/**
 * A secret (signing secret, token, password): at least 16 characters besides any whitespace around
 * them, not only whitespace. A short one is guessable (padding it with spaces makes it no longer), and
 * one of a few characters would be scrubbed from logs everywhere it appears.
 */
export const secretSchema = z.string().superRefine((value, ctx) => {
  const length = value.trim().length;
  if (length === 0) ctx.addIssue({ code: 'custom', message: 'expected more than whitespace' });
  else if (value.length < 16) ctx.addIssue({ code: 'custom', message: 'expected at least 16 characters' });
  else if (length < 16)
    ctx.addIssue({ code: 'custom', message: 'expected at least 16 characters besides the whitespace around them' });
});

export const portSchema = (fallback: number) =>
  z.coerce.number().int().min(0).max(65535).default(fallback).describe('HTTP port (0: any free port)');

/** A duration in milliseconds, at least `min`. */
export const msSchema = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

/** `true`/`false` as a boolean. */
export const flagSchema = (fallback: boolean) =>
  z
    .enum(['true', 'false'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true');

/** The BullMQ lock of a running job (`<SERVICE>_JOB_LOCK_MS`), see `jobLockOptions`. */
export const jobLockMsSchema = () =>
  z.coerce
    .number()
    .int()
    .min(1000)
    .default(6_000)
    .describe(
      'BullMQ lock of a running job, renewed every half of it; a killed process’s job is taken over within ' +
        'about 1.25 × this',
    );

/** The variables every service reads. */
export const baseEnvShape = {
  REDIS_URL: z
    .string()
    .url()
    .default('redis://127.0.0.1:6379')
    .describe(
      'Redis of the queues, locks and message references; Sentinel: ' +
        'redis+sentinel://HOST:26379/MASTER?sentinels=HOST2:26379,HOST3:26379&replica_acks=1; ' +
        'Cluster: redis+cluster://HOST:6379?nodes=HOST2:6379,HOST3:6379',
    ),
  CHATOPS_CONFIG: z.string().default('./chatops.config.yml').describe('path of the apps config file (YAML or JSON)'),
  HOST: z.string().default('0.0.0.0').describe('address the HTTP server listens on'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('fatal … trace, or silent'),
  CHATOPS_QUEUE_PREFIX: z
    .string()
    .default('{chatops}')
    .describe('prefix of every queue and key; keep the {…} hash tag for Redis Cluster'),
  CHATOPS_PAYLOAD_SECRET: secretSchema.describe(
    'the same in all three: the bot signs payload.chatops with it; heaven and the notifier trust routing, ' +
      'identity and lock ownership only from a payload that verifies',
  ),
};

/** Slack, for the bot and the notifier. */
export const slackEnvShape = {
  SLACK_BOT_TOKEN: secretSchema.describe('the bot token (xoxb-…) of the installed Slack app'),
  SLACK_API_URL: z.string().url().default('https://slack.com/api/').describe("Slack's Web API"),
};

/** GitHub, for the bot and heaven: a token, or a GitHub App. */
export const githubEnvShape = {
  GITHUB_TOKEN: secretSchema
    .optional()
    .describe('a token with repo_deployment (repo for private repositories); or the three GITHUB_APP_* below'),
  GITHUB_APP_ID: z.string().regex(/^\d+$/, 'expected a numeric app id').optional().describe('a GitHub App: its id'),
  GITHUB_APP_PRIVATE_KEY: secretSchema.optional().describe('a GitHub App: its private key (PEM; or _FILE)'),
  GITHUB_APP_INSTALLATION_ID: z
    .string()
    .regex(/^\d+$/, 'expected a numeric installation id')
    .optional()
    .describe('a GitHub App: its installation in your organisation'),
  GITHUB_API_URL: z
    .string()
    .url()
    .default('https://api.github.com')
    .describe('GitHub Enterprise Server: https://HOST/api/v3'),
  GITHUB_RETRIES: z.coerce
    .number()
    .int()
    .min(0)
    .max(10)
    .default(3)
    .describe(
      'tries of a GitHub call that failed for a passing reason (5xx, 429, network), in place, after 1 s, 4 s, ' +
        '9 s or a Retry-After ≤ 10 s; a longer Retry-After delays the job instead; a 4xx (409 too) is never retried',
    ),
  GITHUB_WRITE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(1000)
    .describe(
      'least time between two GitHub writes of one identity, across every process and replica (the budget ' +
        'shared through Redis; GitHub asks for 1000; 0: no budget at all, e.g. a GitHub Enterprise Server ' +
        'without secondary limits)',
    ),
  GITHUB_WRITES_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(0)
    .default(GITHUB_WRITES_PER_MINUTE)
    .describe("GitHub writes of one identity in any 60 s, every process together (GitHub's secondary limit; 0: none)"),
  GITHUB_WRITES_PER_HOUR: z.coerce
    .number()
    .int()
    .min(0)
    .default(GITHUB_WRITES_PER_HOUR)
    .describe("GitHub writes of one identity in any hour, every process together (GitHub's secondary limit; 0: none)"),
  GITHUB_WRITE_MAX_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(10_000)
    .describe(
      'longest a GitHub write waits in place for its slot in the budget; a later slot fails the job retryably ' +
        '(no attempt spent) and it runs again when the slot comes',
    ),
};

type GitHubEnv = z.infer<z.ZodObject<typeof githubEnvShape>>;

/** What is missing for GitHub credentials: a token, or all three of the App's variables. */
export function githubCredentialProblems(env: GitHubEnv): string[] {
  if (env.GITHUB_TOKEN) return [];
  const app = [env.GITHUB_APP_ID, env.GITHUB_APP_PRIVATE_KEY, env.GITHUB_APP_INSTALLATION_ID];
  if (app.every(Boolean)) return [];
  if (app.some(Boolean)) {
    const missing = (['GITHUB_APP_ID', 'GITHUB_APP_PRIVATE_KEY', 'GITHUB_APP_INSTALLATION_ID'] as const).filter(
      (k) => !env[k],
    );
    return missing.map((k) => `missing required environment variable ${k} (the GitHub App needs all three)`);
  }
  return [
    'missing required environment variable GITHUB_TOKEN ' +
      '(or GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY + GITHUB_APP_INSTALLATION_ID)',
  ];
}

/**
 * The GitHub client's options from a checked environment (see githubCredentialProblems): the one
 * reading of the GITHUB_* variables, for the bot and heaven alike.
 */
export function githubClientEnv(env: GitHubEnv) {
  return {
    baseUrl: env.GITHUB_API_URL,
    credentials: githubCredentials(env),
    retries: env.GITHUB_RETRIES,
    writeIntervalMs: env.GITHUB_WRITE_INTERVAL_MS,
  };
}

/** The shared write budget's settings from a checked environment; null at GITHUB_WRITE_INTERVAL_MS=0 (no budget). */
export function githubBudgetEnv(env: GitHubEnv) {
  if (env.GITHUB_WRITE_INTERVAL_MS === 0) return null;
  return {
    intervalMs: env.GITHUB_WRITE_INTERVAL_MS,
    perMinute: env.GITHUB_WRITES_PER_MINUTE,
    perHour: env.GITHUB_WRITES_PER_HOUR,
    maxWaitMs: env.GITHUB_WRITE_MAX_WAIT_MS,
  };
}

/** The Slack client's options from a checked environment, for the bot and the notifier alike. */
export function slackClientEnv(env: z.infer<z.ZodObject<typeof slackEnvShape>>) {
  return { token: env.SLACK_BOT_TOKEN, apiUrl: env.SLACK_API_URL };
}

function githubCredentials(env: GitHubEnv): GitHubCredentials {
  if (env.GITHUB_TOKEN) return { token: env.GITHUB_TOKEN };
  return {
    appId: env.GITHUB_APP_ID!,
    privateKey: env.GITHUB_APP_PRIVATE_KEY!,
    installationId: env.GITHUB_APP_INSTALLATION_ID!,
  };
}

/** The password in a Redis URL, if any: scrubbed from logs like the secrets. */
export function redisPassword(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}
