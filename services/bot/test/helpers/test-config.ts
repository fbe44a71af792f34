/** The apps config of the bot's tests. */
export const TEST_CONFIG = `
defaults: { environment: staging, channel: C0DEPLOYS, rate_limit_per_minute: 5 }
apps:
  api:
    repository: acme/api
    aliases: [backend]
    circleci: { project_slug: gh/acme/api }
    environments:
      staging: { aliases: [stg], overriders: [U0ALICE] }
      production:
        aliases: [prod]
        production: true
        deployers: [U0ALICE, S0OPS]
        overriders: [U0ALICE]
        required_contexts: [ci/test]
      review: { transient: true }
      gated: { confirm: true }
      health: { health_check: 'https://staging.api.acme.dev/healthz' }
  web:
    repository: acme/web
    circleci: { project_slug: gh/acme/web }
    allowed_channels: [C0WEB]
    environments:
      staging: {}
      production: { production: true }
  ghost:
    repository: acme/ghost
    circleci: { project_slug: gh/acme/ghost }
    environments:
      staging: {}
`;
