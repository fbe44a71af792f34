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
    expect(config.defaults).toEqual({ environment: 'staging', timeout_minutes: 30, rate_limit_per_minute: 10 });
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
      '[chatops] chatops.config.yml: apps.api.environments.production.deployers[0]: ' +
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
    expect(() => parseAppsConfig('apps: [unclosed', 'x.yml')).toThrow(/^\[chatops\] x\.yml: cannot be parsed: /);
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
