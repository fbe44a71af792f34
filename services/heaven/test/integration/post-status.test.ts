import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { githubDeploymentSchema } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { deleteKeysWithPrefix, REDIS_URL, testPrefix } from '@chatops/testkit';
import { createDeploymentStore } from '../../src/run/deployment-store.js';
import { postStatus, type RunContext } from '../../src/run/run-context.js';
import { createFakeGitHubPort } from '../fakes/fake-github-port.js';

const apps = parseAppsConfig(
  'apps: { api: { repository: acme/api, circleci: { project_slug: gh/acme/api }, ' +
    'environments: { staging: { url: "https://s.acme.dev" } } } }',
);
const run: RunContext = {
  deployment: githubDeploymentSchema.parse({
    id: 5,
    sha: 'abc',
    ref: 'main',
    environment: 'staging',
    payload: {},
    created_at: '2026-01-01T00:00:00Z',
  }),
  repository: 'acme/api',
  appName: 'api',
  app: apps.apps.api!,
  chatops: null,
  repo: { owner: 'acme', repo: 'api' },
  configEnvironment: 'staging',
  line: 'acme/api:staging',
  timeoutMs: 1000,
  environmentUrl: 'https://s.acme.dev',
};

describe('postStatus', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = testPrefix('heaven-status');
  const store = createDeploymentStore(redis, prefix);
  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  it('posts once, with environment_url, and not again for the same state and description', async () => {
    const { port, posted } = createFakeGitHubPort();
    const record = await store.enter(5, run.line, 'main');
    await postStatus({ github: port, store }, run, record, {
      state: 'in_progress',
      description: 'CircleCI started pipeline #1',
      log_url: 'https://ci/1',
    });
    await postStatus({ github: port, store }, run, (await store.read(5)) as typeof record, {
      state: 'in_progress',
      description: 'CircleCI started pipeline #1',
      log_url: 'https://ci/1',
    });
    expect(posted.map((p) => p.status)).toEqual([
      {
        state: 'in_progress',
        description: 'CircleCI started pipeline #1',
        log_url: 'https://ci/1',
        environment_url: 'https://s.acme.dev',
      },
    ]);
  });

  it('after a crash between the post and its record, asks GitHub instead of posting twice', async () => {
    const { port, posted } = createFakeGitHubPort();
    const record = await store.enter(6, run.line, 'main');
    const six = { ...run, deployment: { ...run.deployment, id: 6 } };
    await store.setPendingStatus(6, 'success|done|');
    await port.createStatus(run.repo, 6, { state: 'success', description: 'done' });
    await postStatus({ github: port, store }, six, (await store.read(6))!, { state: 'success', description: 'done' });
    expect(posted).toHaveLength(1);
    expect((await store.read(6))!.lastStatus).toBe('success|done|');
    await store.setPendingStatus(6, 'failure|broke|');
    await postStatus({ github: port, store }, six, (await store.read(6))!, { state: 'failure', description: 'broke' });
    expect(posted.map((p) => p.status.state)).toEqual(['success', 'failure']);
    expect(record.id).toBe(6);
  });
});
