import type { Repo } from '../ports.js';

/** A deployment status as GitHub lists it (newest first). */
export type GitHubDeploymentStatus = {
  state: string;
  description: string;
  createdAt: string;
  creator: string | null;
  logUrl: string | null;
  environmentUrl: string | null;
};

/** A deployment as GitHub has it, with what the dashboard's page shows of it. */
export type GitHubDeployment = {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  createdAt: string;
  creator: string | null;
};

/**
 * What the per-deployment page reads from GitHub (an admin's page request: a short timeout, no
 * retry, cached briefly). Any of them may fail: the page then shows what heaven stored, and links.
 */
export type DeploymentReader = {
  deployment(repo: Repo, id: number): Promise<GitHubDeployment | null>;
  statuses(repo: Repo, id: number): Promise<GitHubDeploymentStatus[]>;
  /** The sha of the deployment to that environment just before `id` (for the compare link), or null. */
  previousSha(repo: Repo, environment: string, id: number): Promise<string | null>;
};
