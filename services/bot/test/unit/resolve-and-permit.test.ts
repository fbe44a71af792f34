import { describe, expect, it } from '@jest/globals';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { branchSlug } from '../../src/commands/branch-slug.js';
import { checkPermission } from '../../src/commands/check-permission.js';
import { parseCommand, type ParsedCommand } from '../../src/commands/parse-command.js';
import { resolveCommand } from '../../src/commands/resolve-command.js';
import { configuredEnvironmentNamed, githubEnvironmentOf } from '../../src/commands/transient-environment.js';
import { TEST_CONFIG } from '../helpers/test-config.js';

const config = parseAppsConfig(TEST_CONFIG);
const parsed = (text: string): ParsedCommand => {
  const r = parseCommand(text);
  if (!r.ok) throw new Error(r.error);
  return r.command;
};
const resolve = (text: string) => resolveCommand(config, parsed(text));

describe('resolveCommand', () => {
  it.each([
    ['backend to PROD', { action: 'deploy', app: 'api', environment: 'production' }],
    ['API', { action: 'deploy', app: 'api', environment: 'staging' }],
    ['api/Feature/Login to review', { action: 'deploy', app: 'api', ref: 'Feature/Login', environment: 'review' }],
    ['history backend', { action: 'history', app: 'api' }],
    ['history backend stg', { action: 'history', app: 'api', environment: 'staging' }],
    ['locks', { action: 'locks' }],
    ['lock backend stg why', { action: 'lock', app: 'api', environment: 'staging', reason: 'why' }],
    [
      'destroy api/Feature/Login review',
      { action: 'destroy', app: 'api', environment: 'review-feature-login-1ce27709' },
    ],
    ['destroy api/feature-x review', { action: 'destroy', app: 'api', environment: 'review-feature-x' }],
    ['destroy api REVIEW-feature-x', { action: 'destroy', app: 'api', environment: 'review-feature-x' }],
    ['cancel backend prod', { action: 'cancel', app: 'api', environment: 'production' }],
    ['cancel api review-feature-x', { action: 'cancel', app: 'api', environment: 'review-feature-x' }],
  ])('%j', (text, command) => {
    const r = resolve(text);
    expect(r.ok).toBe(true);
    expect(r.ok && r.value.command).toMatchObject(command);
  });

  it.each([
    ['nope', 'I don\'t know an app called "nope". Known apps: api, ghost, web.'],
    ['web to review', 'web has no environment called "review". Its environments: staging, production.'],
    [
      'cancel api staging-x',
      'api has no environment called "staging-x". ' +
        'Its environments: staging (stg), production (prod), review, gated, health.',
    ],
    ['where nope', 'I don\'t know an app called "nope". Known apps: api, ghost, web.'],
    [
      'destroy api staging',
      'staging of api is not a transient environment; only transient (per-branch) environments can be destroyed.',
    ],
  ])('%j is refused', (text, error) => {
    expect(resolve(text)).toEqual({ ok: false, error });
  });

  it('uses the configured default environment, and says so when an app lacks it', () => {
    const other = parseAppsConfig(TEST_CONFIG.replace('environment: staging', 'environment: qa'));
    expect(resolveCommand(other, parsed('api'))).toEqual({
      ok: false,
      error:
        'api has no environment called "qa". ' +
        'Its environments: staging (stg), production (prod), review, gated, health.',
    });
  });
});

describe('checkPermission', () => {
  const groups = (members: Record<string, string[]>) => (id: string) => members[id] ?? null;
  const check = (text: string, user: string, channel = 'C0DEPLOYS', g = groups({})) => {
    const r = resolve(text);
    if (!r.ok) throw new Error(r.error);
    return checkPermission(r.value, user, channel, g);
  };

  it.each([
    ['api to staging', 'U0BOB', 'C0DEPLOYS', {}, { allowed: true }],
    ['api to prod', 'U0ALICE', 'C0DEPLOYS', {}, { allowed: true }],
    ['api to prod', 'U0CAROL', 'C0DEPLOYS', {}, { allowed: 'unknown' }],
    ['api to prod', 'U0CAROL', 'C0DEPLOYS', { S0OPS: ['U0CAROL'] }, { allowed: true }],
    [
      'api to prod',
      'U0BOB',
      'C0DEPLOYS',
      { S0OPS: ['U0CAROL'] },
      { allowed: false, reason: 'You may not deploy to production. Those who may: <@U0ALICE>, <!subteam^S0OPS>.' },
    ],
    [
      'api to prod force',
      'U0CAROL',
      'C0DEPLOYS',
      { S0OPS: ['U0CAROL'] },
      { allowed: false, reason: 'You may not use `force` or override locks on production. Those who may: <@U0ALICE>.' },
    ],
    ['api to prod force', 'U0ALICE', 'C0DEPLOYS', {}, { allowed: true }],
    ['web to staging', 'U0ALICE', 'C0WEB', {}, { allowed: true }],
    ['web to staging', 'U0ALICE', 'C0OTHER', {}, { allowed: false, reason: 'web can only be deployed from <#C0WEB>.' }],
    [
      'lock web production',
      'U0ALICE',
      'C0WEB',
      {},
      {
        allowed: false,
        reason:
          'Nobody may deploy to production yet: it is a production environment and its `deployers` list is empty. ' +
          'Ask an admin to add people to it in the config.',
      },
    ],
    ['where web', 'U0ALICE', 'C0OTHER', {}, { allowed: true }],
    ['history api prod', 'U0BOB', 'C0DEPLOYS', {}, { allowed: true }],
    ['unlock api prod', 'U0BOB', 'C0DEPLOYS', {}, { allowed: true }],
    [
      'cancel api prod',
      'U0BOB',
      'C0DEPLOYS',
      { S0OPS: [] },
      { allowed: false, reason: 'You may not deploy to production. Those who may: <@U0ALICE>, <!subteam^S0OPS>.' },
    ],
  ])('%j by %s in %s', (text, user, channel, members, decision) => {
    expect(check(text, user, channel, groups(members))).toEqual(decision);
  });
});

describe('branchSlug', () => {
  it.each([
    ['feature-x', 'feature-x'],
    ['main', 'main'],
    ['feature/x', 'feature-x-217d2bf5'],
    ['Feature-X', 'feature-x-991d5c24'],
    ['Feature/Login_Page', 'feature-login-page-12ff048e'],
    ['refs/heads/main', 'main'],
    ['refs/heads/feature/x', 'feature-x-217d2bf5'],
    ['--weird..name--', 'weird-name-8f2a5d3a'],
    ['x'.repeat(80), `${'x'.repeat(39)}-d929cdee`],
    ['...', 'branch-ab5df625'],
    ['feature-x-1a2b3c4d', 'feature-x-1a2b3c4d-edf890d0'],
  ])('%j → %j', (ref, slug) => {
    expect(branchSlug(ref)).toBe(slug);
    expect(branchSlug(ref).length).toBeLessThanOrEqual(48);
  });

  it('feature/x and feature-x never share one environment', () => {
    expect(branchSlug('feature/x')).not.toBe(branchSlug('feature-x'));
    expect(branchSlug('Feature-X')).not.toBe(branchSlug('feature-x'));
  });
});

describe('a branch environment that is another configured environment of the repository', () => {
  // Two apps of one repository: api's transient review would name a branch "eu" review-eu, api-eu's environment.
  const shared = parseAppsConfig(`
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      staging: {}
      review: { transient: true }
  api-eu:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      review-eu: { aliases: [review-europe] }
`);
  const resolveIn = (text: string) => resolveCommand(shared, parsed(text));

  it.each([
    [
      'api/eu to review',
      'I did not deploy `eu` to review: its branch environment review-eu is the configured environment review-eu ' +
        'of app api-eu (acme/api). Use a branch with another name.',
    ],
    [
      'api/europe to review',
      'I did not deploy `europe` to review: its branch environment review-europe is an alias of the configured ' +
        'environment review-eu of app api-eu (acme/api). Use a branch with another name.',
    ],
    [
      'destroy api/eu review',
      'review-eu is not a branch environment of review: ' +
        'it is the configured environment review-eu of app api-eu (acme/api).',
    ],
    [
      'destroy api review-eu',
      'review-eu is not a branch environment of review: ' +
        'it is the configured environment review-eu of app api-eu (acme/api).',
    ],
    [
      'cancel api review-eu',
      'review-eu is not a branch environment of review: ' +
        'it is the configured environment review-eu of app api-eu (acme/api).',
    ],
  ])('%j is refused', (text, error) => {
    expect(resolveIn(text)).toEqual({ ok: false, error });
  });

  it('a branch whose slug the bot changes gets a hashed name, which clashes with nothing', () => {
    const r = resolveIn('api/EU to review');
    expect(r.ok).toBe(true);
    expect(githubEnvironmentOf('review', { transient: true }, 'EU')).toBe('review-eu-9170a8b2');
    expect(configuredEnvironmentNamed(shared, 'acme/api', 'review-eu-9170a8b2')).toBeNull();
    expect(configuredEnvironmentNamed(shared, 'ACME/API', 'review-eu')).toBe(
      'the configured environment review-eu of app api-eu (acme/api)',
    );
    expect(configuredEnvironmentNamed(shared, 'acme/web', 'review-eu')).toBeNull();
  });
});
