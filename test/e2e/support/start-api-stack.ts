import { startStack, type Stack, type StackOptions } from '@chatops/sandbox';
import { apiConfig } from './api-config.js';

export type ApiStackOptions = Omit<StackOptions, 'config' | 'repos'> & {
  /** The apps config; default: `apiConfig()`. */
  config?: string;
  /** Branches of acme/api besides `main` (at 'a' × 40). */
  branches?: Record<string, string>;
  /** How long the CI's `deploy` workflow runs before it succeeds, when no `circlePlan` is given. */
  durationMs?: number;
};

/**
 * The three services over the fakes with the repository most end-to-end tests share: acme/api, its
 * default branch `main` at 'a' × 40, and a CI whose `deploy` workflow succeeds after `durationMs` (300).
 */
export function startApiStack({
  config = apiConfig(),
  branches = {},
  durationMs = 300,
  ...options
}: ApiStackOptions): Promise<Stack> {
  return startStack({
    config,
    repos: [{ name: 'acme/api', defaultBranch: 'main', branches: { main: 'a'.repeat(40), ...branches } }],
    circlePlan: () => ({ workflows: [{ name: 'deploy', status: 'success', durationMs }] }),
    ...options,
  });
}
