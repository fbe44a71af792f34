import { jobId, QUEUES, type AppsConfig } from '@chatops/shared';
import { isConfiguredRepository } from './configured-repository.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What to do with one GitHub webhook: a job to add, or a reason to ignore it. Pure. */
export type GithubEventRoute =
  | { kind: 'ping' }
  | { kind: 'ignore'; reason: string; log?: boolean }
  | { kind: 'enqueue'; queue: string; name: string; jobId: string; data: Record<string, unknown> };

const KNOWN_EVENTS: ReadonlySet<string> = new Set([
  'deployment',
  'deployment_status',
  'status',
  'check_suite',
  'workflow_run',
]);

export function routeGithubEvent(event: string, delivery: string, body: Json, apps: AppsConfig): GithubEventRoute {
  if (event === 'ping') return { kind: 'ping' };
  if (!KNOWN_EVENTS.has(event)) return { kind: 'ignore', reason: `event ${event} is not used` };
  const repository = typeof body.repository?.full_name === 'string' ? (body.repository.full_name as string) : '';
  if (!repository || !isConfiguredRepository(apps, repository))
    return { kind: 'ignore', reason: `repository ${repository || '(none)'} is not in the config`, log: true };
  switch (event) {
    case 'deployment':
      if (body.action !== 'created') return { kind: 'ignore', reason: `deployment action ${body.action}` };
      if (body.workflow_run || body.workflow) {
        return { kind: 'ignore', reason: 'deployment made by a GitHub Actions job for its own environment', log: true };
      }
      return {
        kind: 'enqueue',
        queue: QUEUES.deployments,
        name: 'run',
        jobId: jobId('deployment', body.deployment?.id),
        data: { delivery_id: delivery, repository, deployment: body.deployment },
      };
    case 'deployment_status':
      return {
        kind: 'enqueue',
        queue: QUEUES.notifications,
        name: 'deployment-status',
        jobId: jobId('status', body.deployment_status?.id),
        data: {
          delivery_id: delivery,
          repository,
          deployment: body.deployment,
          status: body.deployment_status,
          sender: body.sender?.login,
        },
      };
    case 'status':
      if (body.state !== 'success') return { kind: 'ignore', reason: `status ${body.state}` };
      return green(repository, body.sha, delivery);
    case 'check_suite':
      if (body.action !== 'completed' || body.check_suite?.conclusion !== 'success')
        return { kind: 'ignore', reason: 'check suite not green' };
      return green(repository, body.check_suite.head_sha, delivery);
    default:
      if (body.action !== 'completed' || typeof body.workflow_run?.id !== 'number')
        return { kind: 'ignore', reason: `workflow_run ${body.action}` };
      return {
        kind: 'enqueue',
        queue: QUEUES.ciEvents,
        name: 'workflow-run',
        jobId: jobId('workflow-run', delivery),
        data: { kind: 'workflow-run', run_id: body.workflow_run.id, title: body.workflow_run.display_title ?? '' },
      };
  }
}

function green(repository: string, sha: unknown, delivery: string): GithubEventRoute {
  return {
    kind: 'enqueue',
    queue: QUEUES.ciEvents,
    name: 'commit-green',
    jobId: jobId('green', delivery),
    data: { kind: 'commit-green', repository, sha },
  };
}
