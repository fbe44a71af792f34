import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { controlJobSchema, QUEUES, type LockStore, type UnsignedChatops } from '@chatops/shared/contracts';
import { addValidatedJob, createLockStore, createLogger, parseAppsConfig, type Service } from '@chatops/shared/runtime';
import {
  deleteKeysWithPrefix,
  FakeCircleCI,
  FakeGitHub,
  REDIS_URL,
  testPrefix,
  waitFor,
  type FakeCircleCIOptions,
  type FakeGitHubOptions,
  type FakeStatus,
} from '@chatops/testkit';
import { loadConfig } from '../../src/config.js';
import { createHeaven, type HeavenOverrides } from '../../src/create-heaven.js';
import { PAYLOAD_SECRET, signedChatops } from './chatops.js';

export const GITHUB_SECRET = 'gh-webhook-secret-123';
export const CIRCLE_SECRET = 'circle-webhook-secret-123';
export const GITHUB_TOKEN = 'ghp_test_token_123';
export const CIRCLE_TOKEN = 'circle_test_token_123';

export const BASE_CONFIG = `
apps:
  api:
    repository: acme/api
    provider: circleci
    circleci: { project_slug: gh/acme/api, parameters: { run_deploy: true } }
    environments:
      staging: { url: https://staging.api.acme.dev }
      production: { production: true }
      review: { transient: true }
`;

export type HarnessOptions = {
  config?: string;
  env?: Record<string, string>;
  circle?: FakeCircleCIOptions;
  github?: FakeGitHubOptions;
  overrides?: HeavenOverrides;
};

export type Harness = {
  heaven: Service;
  url: string;
  github: FakeGitHub;
  circle: FakeCircleCI;
  redis: Redis;
  prefix: string;
  locks: LockStore;
  logDir: string;
  deploy(input: {
    ref?: string;
    environment?: string;
    task?: string;
    requester?: string;
    /** The whole payload, as it is (unsigned unless the test signed it); default: a signed chatops object. */
    payload?: unknown;
    /** Fields of the signed chatops object (default: app api, requester, params region=eu). */
    chatops?: Partial<UnsignedChatops>;
    transient?: boolean;
  }): Promise<number>;
  cancel(input: { environment: string; deployment_id?: number; by?: string }): Promise<void>;
  states(id: number): string[];
  waitForState(id: number, state: string, timeoutMs?: number): Promise<FakeStatus>;
  close(): Promise<void>;
};

/** heaven in-process (its real workers and HTTP server on port 0) against FakeGitHub, FakeCircleCI and real Redis. */
/**
 * Heaven's env for a test: the fake GitHub's and CircleCI's URLs, the test secrets, the queue prefix and
 * the test Redis; `extra` on top.
 */
export function heavenEnv(
  to: { github: { url: string }; circle: { apiUrl: string }; prefix: string },
  extra: Record<string, string> = {},
) {
  return loadConfig({
    GITHUB_TOKEN,
    GITHUB_API_URL: to.github.url,
    GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
    CHATOPS_PAYLOAD_SECRET: PAYLOAD_SECRET,
    CIRCLECI_TOKEN: CIRCLE_TOKEN,
    CIRCLECI_API_URL: to.circle.apiUrl,
    CIRCLECI_WEBHOOK_SECRET: CIRCLE_SECRET,
    CHATOPS_QUEUE_PREFIX: to.prefix,
    REDIS_URL,
    ...extra,
  });
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const prefix = testPrefix('heaven');
  const logDir = mkdtempSync(join(tmpdir(), 'heaven-test-logs-'));
  const github = new FakeGitHub({ token: GITHUB_TOKEN, webhookSecret: GITHUB_SECRET, ...opts.github });
  await github.start();
  github.addRepo('acme/api');
  const circle = new FakeCircleCI({ token: CIRCLE_TOKEN, webhookSecret: CIRCLE_SECRET, ...opts.circle });
  circle.followGitHub(github);
  await circle.start();
  const env = heavenEnv(
    { github, circle, prefix },
    {
      PUBLIC_URL: 'http://heaven.test',
      HEAVEN_LOG_DIR: logDir,
      HEAVEN_POLL_INTERVAL_MS: '40',
      HEAVEN_POLL_MAX_MS: '150',
      GITHUB_RETRIES: '0',
      GITHUB_WRITE_INTERVAL_MS: '0',
      ...opts.env,
    },
  );
  const heaven = createHeaven({
    env,
    apps: parseAppsConfig(opts.config ?? BASE_CONFIG),
    logger: createLogger({ name: 'heaven', level: process.env.HEAVEN_TEST_LOG ?? 'silent' }),
    overrides: { metricsDefaults: false, ...opts.overrides },
  });
  await heaven.ready();
  const url = await heaven.app.listen({ port: 0, host: '127.0.0.1' });
  github.options.webhookUrl = `${url}/webhooks/github`;
  circle.options.webhookUrl = `${url}/webhooks/circleci`;
  const redis = new Redis(REDIS_URL);
  const control = new Queue(QUEUES.deploymentControl, { connection: redis, prefix });
  // A queue still connecting when its shared connection quits emits an error nobody hears (BullMQ).
  await control.waitUntilReady();
  const states = (id: number) => github.statusesOf(id).map((s) => s.state);
  return {
    heaven,
    url,
    github,
    circle,
    redis,
    prefix,
    logDir,
    locks: createLockStore(redis, prefix),
    async deploy({
      ref = 'main',
      environment = 'staging',
      task = 'deploy',
      requester = 'U0ALICE',
      payload,
      chatops,
      transient = false,
    } = {}) {
      const signed = () => ({
        chatops: signedChatops(
          { repository: 'acme/api', environment, ref, task },
          { requester: { slack_user_id: requester, name: requester.slice(2).toLowerCase() }, ...chatops },
        ),
      });
      const res = await fetch(`${github.url}/repos/acme/api/deployments`, {
        method: 'POST',
        headers: { authorization: `token ${GITHUB_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          ref,
          environment,
          task,
          auto_merge: false,
          required_contexts: [],
          transient_environment: transient,
          payload: payload ?? signed(),
        }),
      });
      if (res.status !== 201) throw new Error(`deployment not created: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { id: number }).id;
    },
    async cancel({ environment, deployment_id, by = 'U0ALICE' }) {
      await addValidatedJob(
        control,
        controlJobSchema,
        'cancel',
        {
          action: 'cancel',
          repository: 'acme/api',
          environment,
          deployment_id,
          requested_by: { slack_user_id: by, name: by.slice(2).toLowerCase() },
          requested_at: new Date().toISOString(),
        },
        { jobId: `cancel-${Date.now()}-${Math.random().toString(36).slice(2)}` },
      );
    },
    states,
    waitForState: (id, state, timeoutMs = 10_000) =>
      waitFor(
        () => github.statusesOf(id).find((s) => s.state === state),
        `status ${state} of deployment ${id} (saw ${states(id).join(', ')})`,
        timeoutMs,
      ),
    async close() {
      const t = (m: string) => process.env.HEAVEN_TEST_LOG && console.error(m, Date.now());
      t('close heaven');
      await heaven.close();
      // The strict fakes refuse what the real services would: heaven must never send such a request.
      const refused = [...github.refusals, ...circle.refusals].map((r) => `${r.method} ${r.path} → ${r.status}`);
      t('close control');
      await control.close();
      t('stop github');
      await github.stop();
      t('stop circle');
      await circle.stop();
      t('done');
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
      rmSync(logDir, { recursive: true, force: true });
      if (refused.length > 0) throw new Error(`the fakes refused requests heaven sent:\n${refused.join('\n')}`);
    },
  };
}
