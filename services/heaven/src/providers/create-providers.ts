import { instrumentPort, type Metrics } from '@chatops/shared/runtime';
import { createCircleCiApi } from '../adapters/circleci-api.js';
import type { HeavenEnv } from '../config.js';
import type { GitHubPort, Providers } from '../ports.js';
import { createActionsProvider } from './actions-provider.js';
import { createCircleCiProvider } from './circleci-provider.js';
import { createShellProvider } from './shell-provider.js';

/**
 * The providers heaven can run: Actions always (it needs only GitHub), CircleCI with a token (its calls
 * measured), shell with a public URL.
 */
export function createProviders(
  env: Pick<HeavenEnv, 'CIRCLECI_TOKEN' | 'CIRCLECI_API_URL' | 'PUBLIC_URL'>,
  github: GitHubPort,
  logDir: string,
  metrics: Metrics,
): Providers {
  const providers: Providers = { 'github-actions': createActionsProvider(github) };
  if (env.CIRCLECI_TOKEN) {
    const api = createCircleCiApi({ apiUrl: env.CIRCLECI_API_URL, token: env.CIRCLECI_TOKEN });
    const circleci = createCircleCiProvider({ api, github });
    providers.circleci = instrumentPort(circleci, 'circleci', metrics);
  }
  if (env.PUBLIC_URL) providers.shell = createShellProvider({ logDir, publicUrl: env.PUBLIC_URL });
  return providers;
}
