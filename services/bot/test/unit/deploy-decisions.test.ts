import { describe, expect, it } from '@jest/globals';
import { findApp, findEnvironment, type EnvironmentLock } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { ciParameterRefusal } from '../../src/commands/ci-parameter-check.js';
import { lockDecision } from '../../src/handlers/admit-deploy.js';
import { deployRefusal } from '../../src/handlers/deploy-refusal.js';
import {
  deployingText,
  deployWords,
  keptMergingText,
  mergedNote,
  noAnswerText,
  questionText,
} from '../../src/render/deploy-text.js';
import type { DeployCommand } from '../../src/ports.js';
import { timeAgo } from '../../src/render/time-ago.js';
import { TEST_CONFIG } from '../helpers/test-config.js';

const config = parseAppsConfig(TEST_CONFIG);
const api = findApp(config, 'api')!;
const command: DeployCommand = {
  action: 'deploy',
  app: 'api',
  environment: 'staging',
  force: false,
  noop: false,
  params: {},
};
const NOW = Date.parse('2026-05-01T12:00:00Z');

describe('lockDecision', () => {
  const lock: EnvironmentLock = {
    repository: 'acme/api',
    environment: 'staging',
    holder: { slack_user_id: 'U0ALICE', name: 'alice' },
    reason: 'db <!channel> migration',
    locked_at: '2026-05-01T11:55:00Z',
  };

  it('lets anyone through an unlocked environment, and the holder through their own lock', () => {
    expect(lockDecision(null, 'U0BOB', NOW)).toBeNull();
    expect(lockDecision(lock, 'U0ALICE', NOW)).toBeNull();
  });

  it('keeps everyone else out, saying who holds it, why and since when', () => {
    expect(lockDecision(lock, 'U0BOB', NOW)).toBe(
      'staging of acme/api is locked by <@U0ALICE>: "db &lt;!channel&gt; migration" (5m 00s ago). ' +
        'Only they may deploy there until it is unlocked.',
    );
  });
});

describe('timeAgo (the one duration formatter)', () => {
  it.each([
    ['2026-05-01T12:00:00Z', 'just now'],
    ['2026-05-01T12:00:01Z', 'just now'],
    ['2026-05-01T11:59:15Z', '45 s ago'],
    ['2026-05-01T10:58:00Z', '1h 02m ago'],
    ['not a date', 'at an unknown time'],
  ])('%s → %s', (iso, text) => {
    expect(timeAgo(iso, NOW)).toBe(text);
  });
});

describe('the texts of a deployment', () => {
  const words = deployWords({
    requesterId: 'U0ALICE',
    appName: 'api',
    ref: 'a'.repeat(40),
    githubEnvironment: 'staging',
    command: { ...command, task: 'migrate', noop: true, force: true, rollback_of: 12 },
  });

  it('name a sha short, and every note', () => {
    const notes = ' (task `migrate`, dry run (noop), forced past status checks, rolling back deployment #12)';
    expect(deployingText(words)).toBe(`<@U0ALICE> is deploying *api*/\`aaaaaaa\` to *staging*${notes}…`);
    expect(questionText(words)).toBe(
      `<@U0ALICE> asks to deploy *api*/\`aaaaaaa\` to *staging*${notes}. Confirm within 5 minutes?`,
    );
    expect(noAnswerText(words)).toBe(
      '<@U0ALICE> could not deploy *api*/`aaaaaaa` to *staging*: GitHub did not answer.',
    );
  });

  it('escape a branch and GitHub’s message', () => {
    expect(keptMergingText('x<@U1>`')).toBe(
      "GitHub kept merging the default branch into `x&lt;@U1&gt;'`; nothing was deployed. Try again in a minute.",
    );
    expect(mergedNote('feature-x', 'Auto-merged <!here>')).toBe(
      'GitHub merged the default branch into `feature-x` first, because it was behind (Auto-merged &lt;!here&gt;).',
    );
  });
});

describe('ciParameterRefusal', () => {
  const deployment = { environment: 'staging', ref: 'main', task: 'deploy' };

  it('counts the JSON of the params as heaven sends it (chatops_params ≤ 512 characters)', () => {
    expect(ciParameterRefusal(api.app, deployment, { noop: false, params: { p: 'x'.repeat(504) } })).toBeNull();
    expect(ciParameterRefusal(api.app, deployment, { noop: false, params: { p: 'x'.repeat(505) } })).toBe(
      'CircleCI would refuse this deployment: chatops_params would be 513 characters long, ' +
        'more than the 512 CircleCI takes. Nothing was deployed; send fewer or shorter key=value params.',
    );
  });

  it('counts the app’s configured parameters too', () => {
    const many = Object.fromEntries(Array.from({ length: 93 }, (_, i) => [`p${i}`, true]));
    const crowded = { ...api.app, circleci: { project_slug: 'gh/acme/api', parameters: many } };
    expect(ciParameterRefusal(crowded, deployment, { noop: false, params: {} })).toBeNull();
    const over = { ...crowded, circleci: { ...crowded.circleci, parameters: { ...many, extra: 1 } } };
    expect(ciParameterRefusal(over, deployment, { noop: false, params: {} })).toBe(
      'CircleCI would refuse this deployment: 101 CI parameters, more than the 100 CircleCI takes. ' +
        'Nothing was deployed; send fewer or shorter key=value params.',
    );
  });
});

describe('deployRefusal', () => {
  const admitted = { app: api, environment: findEnvironment(api.app, 'staging')! };
  const target = { ref: 'main', githubEnvironment: 'staging', task: 'deploy', command };

  it('lets a deployment within the limits through', () => {
    expect(deployRefusal(config, admitted, target)).toBeNull();
  });

  it('refuses a branch environment that is a configured environment, before counting parameters', () => {
    const review = { app: api, environment: findEnvironment(api.app, 'review')! };
    expect(deployRefusal(config, review, { ...target, ref: 'gated', githubEnvironment: 'review-gated' })).toBeNull();
    expect(deployRefusal(config, review, { ...target, ref: 'x', githubEnvironment: 'staging' })).toBe(
      'I did not deploy `x` to review: its branch environment staging is the configured environment staging ' +
        'of app api (acme/api). Use a branch with another name.',
    );
  });
});
