import { createHash } from 'node:crypto';
import { findAppByRepository, jobId, QUEUES, type AppsConfig } from '@chatops/shared/contracts';
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

/** What a route of one event is given: the body, its delivery id, its (configured) repository, the config. */
type EventInput = { body: Json; delivery: string; repository: string; apps: AppsConfig };

/**
 * Which job a webhook becomes, or why it is ignored. Pure. A ping is answered; an unused event, a
 * repository not in the config, or an event that is no news for heaven is ignored.
 */
export function routeGithubEvent(event: string, delivery: string, body: Json, apps: AppsConfig): GithubEventRoute {
  if (event === 'ping') return { kind: 'ping' };
  const route = ROUTES.get(event);
  if (!route) return { kind: 'ignore', reason: `event ${event} is not used` };
  const fullName = field(body.repository, 'full_name');
  const repository = typeof fullName === 'string' ? fullName : '';
  if (!repository || !isConfiguredRepository(apps, repository))
    return { kind: 'ignore', reason: `repository ${repository || '(none)'} is not in the config`, log: true };
  return route({ body, delivery, repository, apps });
}

/** A deployment created, but not one an Actions job made for its own environment: it runs. */
function deploymentRoute({ body, delivery, repository }: EventInput): GithubEventRoute {
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
}

/** Every deployment status goes to the notifier. */
function deploymentStatusRoute({ body, delivery, repository }: EventInput): GithubEventRoute {
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
}

/** A commit status that turned green may auto-deploy its commit. */
function statusRoute({ body, repository }: EventInput): GithubEventRoute {
  if (body.state !== 'success') return { kind: 'ignore', reason: `status ${body.state}` };
  return green(repository, body.sha, 'status', body.context);
}

/** A check suite that completed green, likewise. */
function checkSuiteRoute({ body, repository }: EventInput): GithubEventRoute {
  if (body.action !== 'completed' || field(body.check_suite, 'conclusion') !== 'success')
    return { kind: 'ignore', reason: 'check suite not green' };
  return green(repository, field(body.check_suite, 'head_sha'), 'suite', field(body.check_suite, 'id'));
}

/** A job id part from untrusted JSON: a string or number as it is (cut short), anything else "none". */
const part = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value).slice(0, 100) : 'none';

/**
 * A commit turned green: keyed by what it is about (repository, sha, and which status context or
 * check suite said so), never by the delivery: the same news replayed under new delivery ids is one job.
 */
function green(repository: string, sha: unknown, source: 'status' | 'suite', which: unknown): GithubEventRoute {
  return {
    kind: 'enqueue',
    queue: QUEUES.ciEvents,
    name: 'commit-green',
    jobId: jobId('green', repository.toLowerCase(), part(sha), source, part(which)),
    data: { kind: 'commit-green', repository, sha },
  };
}

/** A completed workflow run: keyed by the run, its attempt and its conclusion. */
function workflowRunRoute({ body }: EventInput): GithubEventRoute {
  const run = body.workflow_run;
  const runId = field(run, 'id');
  if (body.action !== 'completed' || typeof runId !== 'number')
    return { kind: 'ignore', reason: `workflow_run ${body.action}` };
  return {
    kind: 'enqueue',
    queue: QUEUES.ciEvents,
    name: 'workflow-run',
    jobId: jobId('workflow-run', runId, part(field(run, 'run_attempt') ?? 1), part(field(run, 'conclusion'))),
    data: { kind: 'workflow-run', run_id: runId, title: field(run, 'display_title') ?? '' },
  };
}

/** `…/actions/runs/<run id>/deployment_protection_rule`: the run's id is in its review endpoint. */
const CALLBACK = /\/actions\/runs\/(\d{1,20})\/deployment_protection_rule$/;

/**
 * A GitHub Actions run waits at an environment whose custom deployment protection rule is this app:
 * the bot asks the approvers. Only `requested`, only an environment of the config (by name or
 * alias) of a configured repository. Keyed by what it is about (repository, run, environment and the
 * deployment of this attempt), so a replay under a new delivery id is one job, a re-run another.
 */
function protectionRuleRoute({ body, repository, apps }: EventInput): GithubEventRoute {
  if (body.action !== 'requested')
    return { kind: 'ignore', reason: `deployment_protection_rule action ${body.action}` };
  const environment = typeof body.environment === 'string' ? body.environment : '';
  const found = environment ? findAppByRepository(apps, repository, environment) : null;
  if (!found?.environment)
    return { kind: 'ignore', reason: `environment ${environment || '(none)'} is not in the config`, log: true };
  const callback = field(body, 'deployment_callback_url');
  const runId = Number(CALLBACK.exec(typeof callback === 'string' ? callback : '')?.[1] ?? Number.NaN);
  if (!Number.isSafeInteger(runId)) return { kind: 'ignore', reason: 'no workflow run in deployment_callback_url' };
  const html = field(body.repository, 'html_url');
  const deploymentId = field(body.deployment, 'id');
  return {
    kind: 'enqueue',
    queue: QUEUES.protectionRules,
    name: 'check',
    jobId: jobId('protection', repository.toLowerCase(), runId, environment, part(deploymentId)),
    data: {
      repository,
      environment,
      run_id: runId,
      ...(deploymentId === undefined || deploymentId === null ? {} : { deployment_id: deploymentId }),
      ref: field(body.deployment, 'ref'),
      sha: field(body.deployment, 'sha'),
      run_url: `${typeof html === 'string' ? html : `https://github.com/${repository}`}/actions/runs/${runId}`,
      sender: field(body.sender, 'login') ?? '',
    },
  };
}

/** Whether a repository has a transient environment in the config (else its branches' ends are no news). */
function hasTransient(apps: AppsConfig, repository: string): boolean {
  return Object.values(apps.apps).some(
    (a) =>
      a.repository.toLowerCase() === repository.toLowerCase() && Object.values(a.environments).some((e) => e.transient),
  );
}

/**
 * A branch ended: keyed by what it is about (repository, branch, and the pull request with the time it
 * was closed, or the deletion), never the delivery, so a redelivery or a second heaven adds no second
 * job, while a pull request closed again after a reopen is news. The branch is in the id as it is
 * (a hash: `feat/x` and `feat_x` are two branches, which jobId's character rule would merge). The
 * teardown itself is claimed once per review environment (run/review-environments.ts).
 */
function branchClosed(
  repository: string,
  branch: string,
  reason: 'pr-closed' | 'pr-merged' | 'branch-deleted',
  pr?: { number: number; closedAt: string },
): GithubEventRoute {
  const branchHash = createHash('sha256').update(branch).digest('hex').slice(0, 12);
  const what = pr === undefined ? ['deleted'] : [pr.number, pr.closedAt];
  return {
    kind: 'enqueue',
    queue: QUEUES.ciEvents,
    name: 'branch-closed',
    jobId: jobId('branch-closed', repository.toLowerCase(), branch.slice(0, 100), branchHash, ...what),
    data: { kind: 'branch-closed', repository, branch, reason, ...(pr === undefined ? {} : { pr: pr.number }) },
  };
}

/** A pull request closed or merged: its head branch (of this repository, not a fork) ended. */
function pullRequestRoute({ body, repository, apps }: EventInput): GithubEventRoute {
  if (body.action !== 'closed') return { kind: 'ignore', reason: `pull_request action ${body.action}` };
  if (!hasTransient(apps, repository)) return { kind: 'ignore', reason: 'no transient environment' };
  const pr = body.pull_request;
  const head = field(pr, 'head');
  const headRepo = field(field(head, 'repo'), 'full_name');
  const branch = field(head, 'ref');
  const number = field(pr, 'number');
  if (typeof headRepo !== 'string' || headRepo.toLowerCase() !== repository.toLowerCase())
    return { kind: 'ignore', reason: 'pull request from another repository' };
  if (typeof branch !== 'string' || !branch || typeof number !== 'number')
    return { kind: 'ignore', reason: 'pull request without a head branch' };
  const closedAt = field(pr, 'closed_at');
  return branchClosed(repository, branch, field(pr, 'merged') === true ? 'pr-merged' : 'pr-closed', {
    number,
    closedAt: typeof closedAt === 'string' ? closedAt.slice(0, 40) : '',
  });
}

/** A branch deleted (a tag's deletion is no news). */
function deleteRoute({ body, repository, apps }: EventInput): GithubEventRoute {
  if (body.ref_type !== 'branch') return { kind: 'ignore', reason: `delete of a ${body.ref_type}` };
  if (!hasTransient(apps, repository)) return { kind: 'ignore', reason: 'no transient environment' };
  if (typeof body.ref !== 'string' || !body.ref) return { kind: 'ignore', reason: 'delete without a ref' };
  return branchClosed(repository, body.ref, 'branch-deleted');
}

/** The events heaven uses, each with its route. */
const ROUTES: ReadonlyMap<string, (input: EventInput) => GithubEventRoute> = new Map([
  ['deployment', deploymentRoute],
  ['deployment_status', deploymentStatusRoute],
  ['status', statusRoute],
  ['check_suite', checkSuiteRoute],
  ['workflow_run', workflowRunRoute],
  ['deployment_protection_rule', protectionRuleRoute],
  ['pull_request', pullRequestRoute],
  ['delete', deleteRoute],
]);
