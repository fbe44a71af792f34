import { describe, expect, it } from '@jest/globals';
import { findAppByRepository } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { isConfiguredRepository } from '../../src/webhooks/configured-repository.js';

const appLine = (repo: string, i: number) =>
  `  app${i}: { repository: ${repo}, circleci: { project_slug: gh/${repo} }, environments: { staging: {} } }`;
const config = (repos: string[]) => parseAppsConfig(`apps:\n${repos.map((r, i) => appLine(r, i)).join('\n')}`);

describe('isConfiguredRepository', () => {
  const apps = config(['acme/api', 'Acme/Web', 'other/api']);

  it.each(['acme/api', 'ACME/API', 'acme/web', 'other/API', 'acme/missing', 'acme', '', 'acme/api ', 'evil/repo'])(
    'answers as findAppByRepository for %j',
    (repo) => {
      expect(isConfiguredRepository(apps, repo)).toBe(findAppByRepository(apps, repo) !== null);
    },
  );

  it('derives the set per config object: another config is looked up in its own', () => {
    expect(isConfiguredRepository(apps, 'acme/api')).toBe(true);
    const other = config(['acme/else']);
    expect(isConfiguredRepository(other, 'acme/api')).toBe(false);
    expect(isConfiguredRepository(other, 'ACME/else')).toBe(true);
  });
});
