/**
 * The demo's apps: two apps; staging (promoted to production by a button), production with deployers and
 * confirmation, a transient review environment; web's production needs a second person's approval.
 */
export const DEMO_CONFIG = `
defaults:
  environment: staging
  channel: C0DEPLOYS

apps:
  api:
    repository: acme/api
    aliases: [backend]
    provider: circleci
    circleci:
      project_slug: gh/acme/api
      parameters: { run_deploy: true }
    channel: C0DEPLOYS
    environments:
      staging:
        url: https://staging.api.acme.test
        promote_to: production
      production:
        aliases: [prod]
        production: true
        deployers: [U0ALICE]
        overriders: [U0ALICE]
        confirm: true
        url: https://api.acme.test
      review:
        transient: true

  web:
    repository: acme/web
    aliases: [frontend]
    provider: circleci
    circleci:
      project_slug: gh/acme/web
    channel: C0DEPLOYS
    environments:
      staging: {}
      production:
        aliases: [prod]
        production: true
        deployers: [U0ALICE, U0BOB]
        approval: { required: 1, approvers: [U0ALICE, U0BOB] }
`;

export const DEMO_USERS = [
  { id: 'U0ALICE', name: 'alice', real_name: 'Alice Liddell' },
  { id: 'U0BOB', name: 'bob', real_name: 'Bob Builder' },
];

const sha = (c: string) => c.repeat(40);

export const DEMO_REPOS: Array<{ name: string; defaultBranch: string; branches: Record<string, string> }> = [
  { name: 'acme/api', defaultBranch: 'main', branches: { main: sha('a'), 'feature-x': sha('c'), broken: sha('b') } },
  { name: 'acme/web', defaultBranch: 'main', branches: { main: sha('d'), 'new-header': sha('e') } },
];
