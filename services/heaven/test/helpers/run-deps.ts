import { githubDeploymentSchema, type DeploymentJob, type GithubDeployment } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';
import type { Providers } from '../../src/ports.js';
import type { RunDeps } from '../../src/run/run-context.js';
import { createDeploymentTrust } from '../../src/run/trust-deployment.js';
import { createFakeGitHubPort, type FakeGitHubState } from '../fakes/fake-github-port.js';
import { createFakeProvider } from '../fakes/fake-provider.js';
import { createMemoryFreezeStore, createMemoryLockStore } from '@chatops/testkit';
import { createMemoryHeldAutoDeploys } from '../fakes/memory-held-auto-deploys.js';
import { createMemoryNonces } from '../fakes/memory-nonces.js';
import { createMemoryOnceKeys } from '../fakes/memory-once-keys.js';
import { createMemoryRunStore } from '../fakes/memory-run-store.js';
import { captureLogger } from './capture-logger.js';
import { PAYLOAD_SECRET } from './chatops.js';

export const UNIT_CONFIG = `
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      staging: { url: https://staging.api.acme.dev }
      production: { production: true, auto_deploy: true }
      review: { transient: true }
`;

/** RunDeps of in-memory fakes (no Redis, no HTTP), with a clock the test moves. */
export function unitRunDeps(options: { config?: string; github?: Partial<FakeGitHubState> } = {}) {
  const github = createFakeGitHubPort(options.github);
  const ci = createFakeProvider();
  const runs = createMemoryRunStore();
  const once = createMemoryOnceKeys();
  const locks = createMemoryLockStore();
  const { lines, logger } = captureLogger('debug');
  const clock = { ms: Date.parse('2026-11-26T10:00:00Z'), now: () => clock.ms };
  const freezes = createMemoryFreezeStore(clock);
  const held = createMemoryHeldAutoDeploys();
  const woken: number[] = [];
  const providers: Providers = { circleci: ci.provider };
  const deps: RunDeps = {
    apps: parseAppsConfig(options.config ?? UNIT_CONFIG),
    github: github.port,
    providers,
    store: runs.store,
    once: once.once,
    locks,
    freezes,
    held: held.store,
    clock,
    tunables: { pollMs: 1000, pollMaxMs: 60_000, startWatchdogMs: 600_000, watchdogMs: 900_000 },
    trust: createDeploymentTrust({ secret: PAYLOAD_SECRET, nonces: createMemoryNonces() }),
    wake: async (id) => {
      woken.push(id);
    },
    log: logger,
  };
  return { deps, github, ci, runs, once, locks, freezes, held, clock, woken, logs: lines };
}

let nextId = 100;

/** A deployment job of acme/api (a new deployment id each call unless given). */
export function deploymentJob(over: Partial<GithubDeployment> = {}, repository = 'acme/api'): DeploymentJob {
  const deployment = githubDeploymentSchema.parse({
    id: over.id ?? nextId++,
    sha: 'b'.repeat(40),
    ref: 'main',
    task: 'deploy',
    environment: 'staging',
    payload: {},
    created_at: '2026-11-26T09:59:00Z',
    creator: { login: 'octo-carol' },
    ...over,
  });
  return { delivery_id: 'd0c2f7f0-0000-4000-8000-000000000000', repository, deployment };
}
