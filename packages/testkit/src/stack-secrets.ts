import { randomBytes } from 'node:crypto';

const secret = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

/** Fresh tokens and signing secrets for one local stack (services + fakes), with the real prefixes. */
export function stackSecrets() {
  return {
    SLACK_SIGNING_SECRET: secret('sss_'),
    SLACK_BOT_TOKEN: secret('xoxb-'),
    GITHUB_TOKEN: secret('ghp_'),
    GITHUB_WEBHOOK_SECRET: secret('ghw_'),
    CIRCLECI_TOKEN: secret('cct_'),
    CIRCLECI_WEBHOOK_SECRET: secret('ccw_'),
    CHATOPS_PAYLOAD_SECRET: secret('cps_'),
  };
}

export type StackSecrets = ReturnType<typeof stackSecrets>;
