import type { AppsConfig, DeploymentRecord, DeploymentRecordStore } from '@chatops/shared/contracts';
import { githubMessage } from '@chatops/shared/runtime';
import type { RunRecord, RunStore } from '../ports.js';
import type { DeploymentReader, GitHubDeployment, GitHubDeploymentStatus } from './deployment-reader.js';

/** Everything the page of one deployment shows. */
export type DeploymentDetail = {
  id: number;
  repository: string;
  /** chatops' record (DORA), when it still has one. */
  record: DeploymentRecord | null;
  /** heaven's run record (14 days after its end). */
  run: RunRecord | null;
  /** GitHub's view; `error` when GitHub did not answer in time (the page links to GitHub instead). */
  github: { deployment: GitHubDeployment | null; statuses: GitHubDeploymentStatus[] } | { error: string };
  /** The sha of the previous successful deployment of that environment (the compare's base). */
  previousSha: string | null;
  environmentUrl: string | null;
  githubWeb: string;
};

export type DeploymentSources = {
  apps: AppsConfig;
  records: Pick<DeploymentRecordStore, 'get' | 'lastSuccess'>;
  store: Pick<RunStore, 'read'>;
  reader: DeploymentReader;
  githubWeb: string;
};

/** A deployment's page: null when neither chatops' record nor heaven's knows it. */
export async function readDeployment(src: DeploymentSources, id: number): Promise<DeploymentDetail | null> {
  const [record, run] = await Promise.all([src.records.get(id), src.store.read(id)]);
  const repository = record?.repository ?? run?.line.slice(0, run.line.lastIndexOf(':'));
  if (!repository) return null;
  const [owner, name] = repository.split('/') as [string, string];
  const repo = { owner, repo: name };
  let github: DeploymentDetail['github'];
  try {
    const [deployment, statuses] = await Promise.all([src.reader.deployment(repo, id), src.reader.statuses(repo, id)]);
    github = { deployment, statuses };
  } catch (e) {
    github = { error: githubMessage(e) };
  }
  const previousSha = await previousOf(src, record, repo, id, 'deployment' in github ? github.deployment : null);
  const config = record ? src.apps.apps[record.app]?.environments[record.environment] : undefined;
  const statuses = 'statuses' in github ? github.statuses : [];
  const environmentUrl = config?.url ?? statuses.find((s) => s.environmentUrl)?.environmentUrl ?? null;
  return { id, repository, record, run, github, previousSha, environmentUrl, githubWeb: src.githubWeb };
}

async function previousOf(
  src: DeploymentSources,
  record: DeploymentRecord | null,
  repo: { owner: string; repo: string },
  id: number,
  deployment: GitHubDeployment | null,
): Promise<string | null> {
  if (record) {
    const last = await src.records.lastSuccess(record.app, record.environment, id);
    if (last) return last.sha;
  }
  const environment = record?.github_environment ?? deployment?.environment;
  if (!environment) return null;
  return src.reader.previousSha(repo, environment, id).catch(() => null);
}
