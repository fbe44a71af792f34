/**
 * The apps config most end-to-end tests share: one app `api` (acme/api, CircleCI) with a `staging`
 * environment, posting to C0DEPLOYS. `environments` adds YAML lines under `environments:`.
 */
export function apiConfig({
  rateLimitPerMinute,
  timeZone,
  environments = [],
}: {
  rateLimitPerMinute?: number;
  timeZone?: string;
  environments?: string[];
} = {}): string {
  const limit = rateLimitPerMinute ? `, rate_limit_per_minute: ${rateLimitPerMinute}` : '';
  const zone = timeZone ? `, time_zone: ${timeZone}` : '';
  return [
    `defaults: { environment: staging, channel: C0DEPLOYS${zone}${limit} }`,
    'apps:',
    '  api:',
    '    repository: acme/api',
    '    provider: circleci',
    '    circleci: { project_slug: gh/acme/api }',
    '    channel: C0DEPLOYS',
    '    environments:',
    '      staging: {}',
    ...environments.map((line) => `      ${line}`),
    '',
  ].join('\n');
}
