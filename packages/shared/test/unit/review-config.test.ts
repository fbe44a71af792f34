import { describe, expect, it } from '@jest/globals';
import { REVIEW_TTL_HOURS_DEFAULT, reviewTtlHours } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { configError } from '../helpers/config-error.js';

const config = (review: string) => `
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      staging: {}
      review: ${review}
`;

describe('ttl_hours of a transient environment', () => {
  it('takes hours (fractions too), 72 by default', () => {
    const apps = parseAppsConfig(config('{ transient: true, ttl_hours: 0.5 }'));
    expect(reviewTtlHours(apps.apps.api!.environments.review!)).toBe(0.5);
    const plain = parseAppsConfig(config('{ transient: true }'));
    expect(plain.apps.api!.environments.review!.ttl_hours).toBeUndefined();
    expect(reviewTtlHours(plain.apps.api!.environments.review!)).toBe(72);
    expect(REVIEW_TTL_HOURS_DEFAULT).toBe(72);
  });

  it.each([
    [
      '{ ttl_hours: 24 }',
      'apps.api.environments.review.ttl_hours: only a transient environment expires: ' +
        'set `transient: true` or remove `ttl_hours`',
    ],
    ['{ transient: true, ttl_hours: 0 }', 'apps.api.environments.review.ttl_hours: Too small'],
    ['{ transient: true, ttl_hours: 2161 }', 'apps.api.environments.review.ttl_hours: Too big'],
  ])('refuses %s', (review, message) => {
    expect(configError(config(review))).toContain(message);
  });
});
