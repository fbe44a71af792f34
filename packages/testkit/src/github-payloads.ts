import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import type { Json } from './json.js';

type Example = { name: string; examples: Json[] };

const require = createRequire(import.meta.url);
const EXAMPLES = require('@octokit/webhooks-examples/api.github.com/index.json') as Example[];

/** A deep copy of a real GitHub webhook payload from @octokit/webhooks-examples, picked by content. */
export function exampleEvent(name: string, pick: (e: Json) => boolean = () => true): Json {
  const group = EXAMPLES.find((e) => e.name === name);
  const example = group?.examples.find(pick);
  if (!example) throw new Error(`no @octokit/webhooks-examples payload for ${name}`);
  return structuredClone(example);
}

export type RepoRef = { owner: string; name: string; id?: number };

export function repositoryObject(repo: RepoRef, defaultBranch = 'main'): Json {
  const base = exampleEvent('deployment', (e) => !e.installation).repository;
  const full = `${repo.owner}/${repo.name}`;
  return {
    ...base,
    id: repo.id ?? base.id,
    name: repo.name,
    full_name: full,
    html_url: `https://github.com/${full}`,
    url: `https://api.github.com/repos/${full}`,
    default_branch: defaultBranch,
    owner: { ...base.owner, login: repo.owner },
  };
}

/** GitHub's `deployment` webhook (action `created`) for a deployment object, in the exact shape GitHub sends. */
export function deploymentEvent(deployment: Json, repository: Json, sender = 'octocat'): Json {
  const event = exampleEvent('deployment', (e) => !e.installation && e.workflow === null);
  event.deployment = { ...event.deployment, ...deployment };
  event.repository = repository;
  event.sender = { ...event.sender, login: sender };
  event.workflow = null;
  event.workflow_run = null;
  return event;
}

/** GitHub's `deployment_status` webhook (action `created`). */
export function deploymentStatusEvent(status: Json, deployment: Json, repository: Json, sender = 'octocat'): Json {
  const event = exampleEvent('deployment_status', (e) => !e.installation && !e.workflow_run);
  event.deployment_status = { ...event.deployment_status, ...status };
  event.deployment = { ...event.deployment, ...deployment };
  event.repository = repository;
  event.sender = { ...event.sender, login: sender };
  delete event.check_run;
  delete event.workflow_run;
  return event;
}

export function pingEvent(repository?: Json): Json {
  const event = exampleEvent('ping', (e) => !!e.repository);
  if (repository) event.repository = repository;
  return event;
}

/** A commit `status` webhook. */
export function statusEvent(
  fields: { sha: string; state: string; context: string; branches: string[] },
  repository: Json,
): Json {
  const event = exampleEvent('status', (e) => !e.installation);
  event.sha = fields.sha;
  event.state = fields.state;
  event.context = fields.context;
  event.commit = { ...event.commit, sha: fields.sha };
  event.branches = fields.branches.map((name) => ({ name, commit: { sha: fields.sha, url: '' }, protected: false }));
  event.repository = repository;
  return event;
}

/** A `check_suite` webhook (action `completed`). */
export function checkSuiteEvent(fields: { sha: string; branch: string; conclusion: string }, repository: Json): Json {
  const event = exampleEvent('check_suite', (e) => e.action === 'completed' && !e.organization);
  event.check_suite = {
    ...event.check_suite,
    head_sha: fields.sha,
    head_branch: fields.branch,
    status: 'completed',
    conclusion: fields.conclusion,
  };
  event.repository = repository;
  return event;
}

/** A `workflow_run` webhook. */
export function workflowRunEvent(action: 'requested' | 'in_progress' | 'completed', run: Json, repository: Json): Json {
  const event = exampleEvent('workflow_run', (e) => e.action === (action === 'in_progress' ? 'requested' : action));
  event.action = action;
  event.workflow_run = { ...event.workflow_run, ...run, repository };
  event.repository = repository;
  return event;
}

/** What a `deployment_protection_rule` webhook is about: a workflow run waiting at an environment. */
export type ProtectionRuleRequest = {
  environment: string;
  runId: number;
  ref: string;
  sha: string;
  installationId: number;
  /** The deployment the waiting job would make (each attempt of a run has its own). */
  deploymentId: number;
};

/**
 * GitHub's `deployment_protection_rule` webhook (action `requested`), as documented: the environment,
 * the event that started the run, `deployment_callback_url` (the run's review endpoint), the deployment
 * the job would make, the repository, the app's installation and the sender.
 */
export function protectionRuleEvent(request: ProtectionRuleRequest, repository: Json, apiUrl: string): Json {
  const full = String(repository.full_name);
  const deployment = deploymentEvent({}, repository).deployment as Json;
  return {
    action: 'requested',
    environment: request.environment,
    event: 'push',
    deployment_callback_url: `${apiUrl}/repos/${full}/actions/runs/${request.runId}/deployment_protection_rule`,
    deployment: {
      ...deployment,
      id: request.deploymentId,
      ref: request.ref,
      sha: request.sha,
      environment: request.environment,
      original_environment: request.environment,
      task: 'deploy',
      payload: {},
    },
    pull_requests: [],
    repository,
    installation: { id: request.installationId, node_id: `MDIz${request.installationId}` },
    sender: { ...(deploymentEvent({}, repository).sender as Json), login: 'octocat' },
  };
}

/** Headers of a signed webhook delivery, as GitHub sends them. */
export async function githubWebhookHeaders(
  event: string,
  body: string,
  secret: string,
  delivery: string = randomUUID(),
): Promise<Record<string, string>> {
  return {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/fake',
    'x-github-event': event,
    'x-github-delivery': delivery,
    'x-github-hook-id': '1',
    'x-hub-signature-256': await sign(secret, body),
  };
}

/**
 * GitHub's `pull_request` webhook, action `closed` (merged or not),
 * of a pull request from `branch` (same repository).
 */
export function pullRequestClosedEvent(
  fields: { number: number; branch: string; merged: boolean },
  repository: Json,
): Json {
  const event = exampleEvent('pull_request', (e) => e.action === 'closed');
  const pr = event.pull_request;
  event.number = fields.number;
  event.pull_request = {
    ...pr,
    number: fields.number,
    state: 'closed',
    merged: fields.merged,
    head: { ...pr.head, ref: fields.branch, repo: repository },
    base: { ...pr.base, repo: repository },
  };
  event.repository = repository;
  return event;
}

/** GitHub's `delete` webhook: a branch (or tag) deleted. */
export function deleteEvent(fields: { ref: string; refType: 'branch' | 'tag' }, repository: Json): Json {
  const event = exampleEvent('delete', (e) => !e.installation);
  event.ref = fields.ref;
  event.ref_type = fields.refType;
  event.repository = repository;
  return event;
}
