import type { DeploymentRecord, DeploymentRecordBase } from '@chatops/shared/contracts';

/**
 * What is known of a deployment when it is requested: api's production deployment `id` of main at
 * 'a' × 40, asked for by alice on 2030-01-01, not a rollback; `over` on top.
 */
export function deploymentRecordBase(id: number, over: Partial<DeploymentRecordBase> = {}): DeploymentRecordBase {
  return {
    deployment_id: id,
    repository: 'acme/api',
    app: 'api',
    environment: 'production',
    github_environment: 'production',
    production: true,
    sha: 'a'.repeat(40),
    ref: 'main',
    task: 'deploy',
    noop: false,
    requester: 'alice',
    rollback_of: null,
    requested_at: '2030-01-01T00:00:00.000Z',
    approved_at: null,
    ...over,
  };
}

/**
 * A deployment's whole record: the base of `deploymentRecordBase(id)`, a success started a minute and
 * ended two minutes after it was requested, with no description, log or changes; `over` on top.
 */
export function deploymentRecord(id: number, over: Partial<DeploymentRecord> = {}): DeploymentRecord {
  const { requested_at, approved_at, ...requested } = deploymentRecordBase(id);
  return {
    ...requested,
    state: 'success',
    description: null,
    log_url: null,
    requested_at,
    approved_at,
    queued_at: null,
    started_at: '2030-01-01T00:01:00.000Z',
    finished_at: '2030-01-01T00:02:00.000Z',
    changes: null,
    ...over,
  };
}
