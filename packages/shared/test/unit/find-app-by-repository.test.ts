import { describe, expect, it } from '@jest/globals';
import { environmentOfDeployment, findAppByRepository } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';

// api's transient review and, on the same repository, api-eu's production review-eu (the bot refuses
// the branch `eu` to review for that reason): a deployment made outside chat names only the two.
const config = parseAppsConfig(`
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      review: { transient: true }
      staging: {}
  api-eu:
    repository: acme/api
    circleci: { project_slug: gh/acme/api-eu }
    environments:
      review-eu: { production: true, aliases: [review-europe] }
`);

const found = (environment: string) => {
  const f = findAppByRepository(config, 'ACME/api', environment);
  return f && [f.app.name, f.environment?.name ?? null];
};

describe('findAppByRepository', () => {
  it('takes a name or alias of any app of the repository before a transient environment’s NAME-…', () => {
    expect(found('review-eu')).toEqual(['api-eu', 'review-eu']);
    expect(found('Review-Europe')).toEqual(['api-eu', 'review-eu']);
    expect(found('staging')).toEqual(['api', 'staging']);
  });

  it('takes a branch environment of a transient one', () => {
    expect(found('review-feature-x-5d1f0a3c')).toEqual(['api', 'review']);
  });

  it('takes a branch environment only when its branch part is a slug the bot makes', () => {
    for (const environment of ['review-$(id)', 'review-a b', 'review-x;y', 'review-`x`', 'review-<!here>', 'review-']) {
      expect(found(environment)).toEqual(['api', null]);
      expect(environmentOfDeployment(config.apps.api!, environment)).toBeNull();
    }
  });
});
