import { jobId, QUEUES, type AppsConfig } from '@chatops/shared/contracts';
import { isConfiguredRepository } from './configured-repository.js';

/** A webhook body: parsed JSON whose shape is not trusted. */
type Json = Record<string, unknown>;

/** `value?.[key]` for untrusted JSON: the field of an object (or array), undefined for anything else. */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
}

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
  const fullName = field(body.repository, 'full_name');
  const repository = typeof fullName === 'string' ? fullName : '';
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
        jobId: jobId('deployment', String(field(body.deployment, 'id'))),
        data: { delivery_id: delivery, repository, deployment: body.deployment },
      };
    case 'deployment_status':
      return {
        kind: 'enqueue',
        queue: QUEUES.notifications,
        name: 'deployment-status',
        jobId: jobId('status', String(field(body.deployment_status, 'id'))),
        data: {
          delivery_id: delivery,
          repository,
          deployment: body.deployment,
          status: body.deployment_status,
          sender: field(body.sender, 'login'),
        },
      };
    case 'status':
      if (body.state !== 'success') return { kind: 'ignore', reason: `status ${body.state}` };
      return green(repository, body.sha, delivery);
    case 'check_suite':
      if (body.action !== 'completed' || field(body.check_suite, 'conclusion') !== 'success')
        return { kind: 'ignore', reason: 'check suite not green' };
      return green(repository, field(body.check_suite, 'head_sha'), delivery);
    default: {
      const runId = field(body.workflow_run, 'id');
      if (body.action !== 'completed' || typeof runId !== 'number')
        return { kind: 'ignore', reason: `workflow_run ${body.action}` };
      return {
        kind: 'enqueue',
        queue: QUEUES.ciEvents,
        name: 'workflow-run',
        jobId: jobId('workflow-run', delivery),
        data: { kind: 'workflow-run', run_id: runId, title: field(body.workflow_run, 'display_title') ?? '' },
      };
    }
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
