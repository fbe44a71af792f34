import { describe, expect, it } from '@jest/globals';
import { ConfigError, findApp, findEnvironment } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';

const YAML = `
defaults: { environment: staging }
apps:
  api:
    repository: acme/api
    aliases: [backend]
    provider: circleci
    circleci: { project_slug: gh/acme/api, parameters: { run_deploy: true } }
    channel: C0DEPLOYS
    environments:
      staging: { url: https://staging.api.acme.dev, health_check: https://staging.api.acme.dev/healthz }
      production:
        aliases: [prod]
        production: true
        required_contexts: ["ci/circleci: test"]
        deployers: [U012ABCDEF, S0PRODUCT]
        confirm: true
      review:
        transient: true
`;

describe('parseAppsConfig', () => {
  it('loads the design example from YAML with defaults filled in', () => {
    const config = parseAppsConfig(YAML);
    expect(config.defaults).toEqual({
      environment: 'staging',
      timeout_minutes: 30,
      rate_limit_per_minute: 10,
      time_zone: 'UTC',
      lock_max: '8h',
      lock_nag_after: '4h',
      lock_remind_before: '10m',
      lock_after_rollback: true,
    });
    const api = config.apps.api!;
    expect(api.provider).toBe('circleci');
    expect(api.circleci).toEqual({ project_slug: 'gh/acme/api', parameters: { run_deploy: true } });
    expect(api.environments.production).toMatchObject({
      production: true,
      confirm: true,
      deployers: ['U012ABCDEF', 'S0PRODUCT'],
    });
    expect(api.environments.review).toMatchObject({ transient: true, deployers: [], confirm: false });
  });

  it('loads the same config from JSON', () => {
    const json = JSON.stringify({
      apps: {
        web: {
          repository: 'acme/web',
          provider: 'shell',
          shell: { command: ['./deploy.sh'] },
          environments: { staging: {} },
        },
      },
    });
    const config = parseAppsConfig(json);
    expect(config.apps.web!.shell!.command).toEqual(['./deploy.sh']);
    expect(config.defaults.environment).toBe('staging');
  });

  it('names the path of a bad field and what was expected', () => {
    const bad = YAML.replace('deployers: [U012ABCDEF, S0PRODUCT]', 'deployers: [42]');
    expect(() => parseAppsConfig(bad, 'chatops.config.yml')).toThrow(
      'chatops.config.yml: apps.api.environments.production.deployers[0]: ' +
        'Invalid input: expected string, received number',
    );
  });

  it('refuses a provider without its section', () => {
    const bad =
      'apps:\n  api:\n    repository: acme/api\n    provider: github-actions\n    environments: { staging: {} }\n';
    expect(() => parseAppsConfig(bad)).toThrow(
      'apps.api.github_actions: expected a github_actions section for provider github-actions',
    );
  });

  it('refuses unknown keys and duplicate aliases', () => {
    const bad = YAML.replace('aliases: [backend]', 'aliases: [backend]\n    colour: blue');
    expect(() => parseAppsConfig(bad)).toThrow(ConfigError);
    expect(() => parseAppsConfig(bad)).toThrow('apps.api: Unrecognized key: "colour"');
  });

  it('reports YAML that cannot be parsed', () => {
    expect(() => parseAppsConfig('apps: [unclosed', 'x.yml')).toThrow(/^x\.yml: cannot be parsed: /);
  });
});

describe('findApp / findEnvironment', () => {
  const config = parseAppsConfig(YAML);
  it.each([
    ['api', 'api'],
    ['API', 'api'],
    ['backend', 'api'],
    ['Backend', 'api'],
  ])('%s resolves to app %s', (input, expected) => {
    expect(findApp(config, input)?.name).toBe(expected);
  });
  it('returns null for an unknown app', () => {
    expect(findApp(config, 'nope')).toBeNull();
  });
  it('resolves environment aliases case-insensitively', () => {
    expect(findEnvironment(config.apps.api!, 'PROD')?.name).toBe('production');
    expect(findEnvironment(config.apps.api!, 'qa')).toBeNull();
  });
});

describe('parseAppsConfig: names a deployment could be confused by', () => {
  const app = (repository: string, environments: string) =>
    `    repository: ${repository}\n    provider: shell\n    shell: { command: [./deploy] }\n` +
    `    environments:\n${environments}`;

  it('refuses an environment inside a transient environment’s names (review-eu next to review)', () => {
    const yaml = `apps:\n  api:\n${app('acme/api', '      review: { transient: true }\n      review-eu: {}\n')}`;
    expect(() => parseAppsConfig(yaml)).toThrow(
      'apps.api.environments.review-eu: "review-eu" is inside the names of the transient environment review ' +
        '(review-<branch>): a branch could deploy there; rename it',
    );
  });

  it('refuses an alias inside a transient environment’s names', () => {
    const environments = '      review: { transient: true }\n      production: { aliases: [review-prod] }\n';
    const yaml = `apps:\n  api:\n${app('acme/api', environments)}`;
    expect(() => parseAppsConfig(yaml)).toThrow(
      'apps.api.environments.production.aliases: "review-prod" is inside the names of the transient ' +
        'environment review',
    );
  });

  it('refuses two apps of one repository with the same environment name', () => {
    const yaml =
      `apps:\n  api:\n${app('acme/mono', '      staging: {}\n')}` +
      `  web:\n${app('ACME/mono', '      staging: {}\n')}`;
    expect(() => parseAppsConfig(yaml)).toThrow(
      'apps.web.environments.staging: app api already deploys ACME/mono to "staging": a deployment of ACME/mono ' +
        'to staging could not tell the two apps apart; give one of them another environment name',
    );
  });

  it('accepts two apps of one repository with different environment names', () => {
    const yaml =
      `apps:\n  api:\n${app('acme/mono', '      api-staging: {}\n')}` +
      `  web:\n${app('acme/mono', '      web-staging: {}\n')}`;
    expect(Object.keys(parseAppsConfig(yaml).apps)).toEqual(['api', 'web']);
  });

  it('keeps configured CircleCI parameters within what CircleCI takes next to the chatops ones', () => {
    const circle = (parameters: string) =>
      'apps:\n  api:\n    repository: acme/api\n' +
      `    circleci: { project_slug: gh/acme/api, parameters: ${parameters} }\n` +
      '    environments: { staging: {} }\n';
    expect(() => parseAppsConfig(circle(`{ note: "${'x'.repeat(513)}" }`))).toThrow(
      'apps.api.circleci.parameters.note: Too big: expected string to have <=512 characters',
    );
    expect(() => parseAppsConfig(circle('{ chatops_sha: abc }'))).toThrow(
      "apps.api.circleci.parameters.chatops_sha: the chatops_ parameters are chatops' own",
    );
    const many = `{ ${Array.from({ length: 94 }, (_, i) => `p${i}: 1`).join(', ')} }`;
    expect(() => parseAppsConfig(circle(many))).toThrow(
      'apps.api.circleci.parameters: expected at most 93 parameters (CircleCI takes 100, chatops sends 7)',
    );
  });
});
