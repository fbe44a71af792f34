import { type ChatopsPayload, type GithubDeployment, signedTrace } from '@chatops/shared/contracts';
import { trustChatops, type Logger, type PayloadNonces } from '@chatops/shared/runtime';

/** The chatops object of a deployment if the bot signed it for this very deployment, else null. */
export type DeploymentTrust = ((
  deployment: GithubDeployment,
  repository: string,
  log: Logger,
) => Promise<ChatopsPayload | null>) & {
  /** The trace the deployment belongs to, from its signed payload (see `signedTrace`). */
  traceOf: (deployment: GithubDeployment, repository: string) => string | undefined;
};

/** How many deployments one process remembers having warned about (each job looks many times). */
const REMEMBERED = 1000;

/**
 * trustChatops (signature + one deployment per nonce) with its warning logged once per deployment
 * and process, not at every look of its job: a bot with another CHATOPS_PAYLOAD_SECRET would
 * otherwise fill the log.
 */
export function createDeploymentTrust(options: { secret: string; nonces: PayloadNonces }): DeploymentTrust {
  const warned = new Set<number>();
  const trust = (deployment: GithubDeployment, repository: string, log: Logger) =>
    trustChatops(deployment, repository, {
      secret: options.secret,
      nonces: options.nonces,
      log: {
        warn: (...args: Parameters<Logger['warn']>) => {
          if (warned.has(deployment.id)) return;
          warned.add(deployment.id);
          if (warned.size > REMEMBERED) warned.delete(warned.values().next().value as number);
          log.warn(...args);
        },
      } as Pick<Logger, 'warn'>,
    });
  return Object.assign(trust, {
    traceOf: (deployment: GithubDeployment, repository: string) => signedTrace(deployment, repository, options.secret),
  });
}
