import { createHash, randomUUID } from 'node:crypto';
import { FakeServer, type RecordedRequest, type Reply } from './fake-server.js';
import { deploymentEvent, deploymentStatusEvent, githubWebhookHeaders, repositoryObject } from './github-payloads.js';
import type { Json } from './json.js';

export type FakeRepo = {
  owner: string;
  name: string;
  defaultBranch: string;
  /** branch name → head sha */
  branches: Map<string, string>;
  /** sha → commit statuses (context → state) */
  statuses: Map<string, Map<string, string>>;
  /** sha → check suite conclusions */
  checkSuites: Map<string, string[]>;
  /** branches that are behind the default branch: a deployment with auto_merge gets a 202 and a merge commit */
  behind: Set<string>;
  /** branches whose merge of the default branch conflicts: 409 */
  conflicts: Set<string>;
  /** ordered list of shas per branch (oldest first), for compare */
  history: string[];
};

export type FakeDeployment = Json & { id: number; repository: string };
export type FakeStatus = Json & { id: number; state: string };
export type FakeWorkflowRun = Json & {
  id: number;
  repository: string;
  workflow: string;
  inputs: Record<string, unknown>;
};
export type Delivery = { id: string; event: string; body: string; status: number | 'error' };

export type FakeGitHubOptions = {
  token?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  /** How a dispatched Actions run ends, and after how long. Default: success after 100 ms. */
  actionsPlan?: (run: FakeWorkflowRun) => { conclusion: string; durationMs: number };
  /** Answer `workflow_dispatch` with run details (200) when asked, as GitHub does since 2026-02. */
  returnRunDetails?: boolean;
};

export const sha = (seed: string): string => createHash('sha1').update(seed).digest('hex');

/**
 * A local GitHub REST API for deployments, statuses, refs, commit statuses and Actions runs. It
 * sends signed `deployment` and `deployment_status` webhooks built from real payload shapes, as
 * GitHub does after each create.
 */
export class FakeGitHub extends FakeServer {
  readonly repos = new Map<string, FakeRepo>();
  readonly deployments: FakeDeployment[] = [];
  readonly statuses = new Map<number, FakeStatus[]>();
  readonly runs: FakeWorkflowRun[] = [];
  readonly deliveries: Delivery[] = [];
  private nextId = 1000;
  private readonly pending = new Set<Promise<void>>();

  constructor(public options: FakeGitHubOptions = {}) {
    super();
    this.registerRoutes();
  }

  addRepo(fullName: string, opts: { defaultBranch?: string; branches?: Record<string, string> } = {}): FakeRepo {
    const [owner, name] = fullName.split('/') as [string, string];
    const defaultBranch = opts.defaultBranch ?? 'main';
    const branches = new Map(Object.entries(opts.branches ?? { [defaultBranch]: sha(`${fullName}@${defaultBranch}`) }));
    if (!branches.has(defaultBranch)) branches.set(defaultBranch, sha(`${fullName}@${defaultBranch}`));
    const repo: FakeRepo = {
      owner,
      name,
      defaultBranch,
      branches,
      statuses: new Map(),
      checkSuites: new Map(),
      behind: new Set(),
      conflicts: new Set(),
      history: [...branches.values()],
    };
    this.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  /** Moves a branch to a new commit and returns its sha. */
  push(fullName: string, branch: string, seed = randomUUID()): string {
    const repo = this.repo(fullName);
    const next = sha(seed);
    repo.branches.set(branch, next);
    repo.history.push(next);
    return next;
  }

  setCommitStatus(fullName: string, commit: string, context: string, state: string): void {
    const repo = this.repo(fullName);
    const map = repo.statuses.get(commit) ?? new Map<string, string>();
    map.set(context, state);
    repo.statuses.set(commit, map);
  }

  setCheckSuites(fullName: string, commit: string, conclusions: string[]): void {
    this.repo(fullName).checkSuites.set(commit, conclusions);
  }

  statusesOf(deploymentId: number): FakeStatus[] {
    return this.statuses.get(deploymentId) ?? [];
  }

  /** Sends a webhook to the configured target, signed like GitHub's. Resolves with the HTTP status. */
  async deliver(event: string, payload: Json, delivery: string = randomUUID()): Promise<number | 'error'> {
    const { webhookUrl, webhookSecret } = this.options;
    if (!webhookUrl || !webhookSecret) return 'error';
    const body = JSON.stringify(payload);
    const record: Delivery = { id: delivery, event, body, status: 'error' };
    this.deliveries.push(record);
    try {
      const res = await fetch(webhookUrl, {
        method: 'POST',
        headers: await githubWebhookHeaders(event, body, webhookSecret, delivery),
        body,
      });
      record.status = res.status;
      await res.arrayBuffer();
    } catch {
      record.status = 'error';
    }
    return record.status;
  }

  /** Sends a recorded delivery again, with the same delivery id (GitHub's "Redeliver"). */
  async redeliver(deliveryId: string): Promise<number | 'error'> {
    const original = this.deliveries.find((d) => d.id === deliveryId);
    if (!original) throw new Error(`no delivery ${deliveryId}`);
    return this.deliver(original.event, JSON.parse(original.body), deliveryId);
  }

  /** Waits for webhooks still in flight. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  override async stop(): Promise<void> {
    await this.settle();
    await super.stop();
  }

  private deliverLater(event: string, payload: Json): void {
    const p = this.deliver(event, payload).then(() => undefined);
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private repo(fullName: string): FakeRepo {
    const repo = this.repos.get(fullName.toLowerCase());
    if (!repo) throw new Error(`fake GitHub has no repo ${fullName}`);
    return repo;
  }

  private authorized(req: RecordedRequest): boolean {
    if (!this.options.token) return true;
    const auth = String(req.headers.authorization ?? '');
    return auth === `token ${this.options.token}` || auth === `Bearer ${this.options.token}`;
  }

  private resolveRef(repo: FakeRepo, ref: string): string | null {
    if (repo.branches.has(ref)) return repo.branches.get(ref)!;
    if (/^[0-9a-f]{7,40}$/.test(ref)) return repo.history.find((s) => s.startsWith(ref)) ?? null;
    return null;
  }

  private registerRoutes(): void {
    const guard =
      (fn: (req: RecordedRequest, p: Record<string, string>, repo: FakeRepo) => Reply | Promise<Reply>) =>
      (req: RecordedRequest, p: Record<string, string>): Reply | Promise<Reply> => {
        if (!this.authorized(req))
          return {
            status: 401,
            body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' },
          };
        const repo = this.repos.get(`${p.owner}/${p.repo}`.toLowerCase());
        if (!repo)
          return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
        return fn(req, p, repo);
      };

    this.route(
      'GET',
      '/repos/:owner/:repo',
      guard((_r, _p, repo) => ({ status: 200, body: repositoryObject(repo, repo.defaultBranch) })),
    );

    this.route(
      'GET',
      '/repos/:owner/:repo/branches/:branch*',
      guard((_r, p, repo) => {
        const head = repo.branches.get(p.branch!);
        if (!head) return { status: 404, body: { message: 'Branch not found' } };
        return { status: 200, body: { name: p.branch, commit: { sha: head } } };
      }),
    );

    this.route(
      'GET',
      '/repos/:owner/:repo/commits/:ref/status',
      guard((_r, p, repo) => {
        const commit = this.resolveRef(repo, p.ref!);
        if (!commit) return { status: 422, body: { message: `No commit found for SHA: ${p.ref}` } };
        const statuses = [...(repo.statuses.get(commit) ?? new Map()).entries()].map(([context, state]) => ({
          context,
          state,
        }));
        const state =
          statuses.length === 0
            ? 'pending'
            : statuses.every((s) => s.state === 'success')
              ? 'success'
              : statuses.some((s) => s.state === 'failure' || s.state === 'error')
                ? 'failure'
                : 'pending';
        return { status: 200, body: { state, sha: commit, total_count: statuses.length, statuses } };
      }),
    );

    this.route(
      'GET',
      '/repos/:owner/:repo/commits/:ref/check-suites',
      guard((_r, p, repo) => {
        const commit = this.resolveRef(repo, p.ref!);
        if (!commit) return { status: 422, body: { message: `No commit found for SHA: ${p.ref}` } };
        const suites = (repo.checkSuites.get(commit) ?? []).map((conclusion, i) => ({
          id: i + 1,
          head_sha: commit,
          status: conclusion ? 'completed' : 'in_progress',
          conclusion: conclusion || null,
          app: { slug: `ci-${i}` },
        }));
        return { status: 200, body: { total_count: suites.length, check_suites: suites } };
      }),
    );

    this.route(
      'GET',
      '/repos/:owner/:repo/commits/:ref',
      guard((_r, p, repo) => {
        const commit = this.resolveRef(repo, p.ref!);
        if (!commit) return { status: 422, body: { message: `No commit found for SHA: ${p.ref}` } };
        return {
          status: 200,
          body: {
            sha: commit,
            html_url: `https://github.com/${repo.owner}/${repo.name}/commit/${commit}`,
            commit: { message: 'fake commit' },
          },
        };
      }),
    );

    this.route(
      'GET',
      '/repos/:owner/:repo/compare/:basehead',
      guard((_r, p, repo) => {
        const [base, head] = p.basehead!.split('...') as [string, string];
        const b = repo.history.indexOf(this.resolveRef(repo, base) ?? '');
        const h = repo.history.indexOf(this.resolveRef(repo, head) ?? '');
        if (b < 0 || h < 0) return { status: 404, body: { message: 'Not Found' } };
        const status = h > b ? 'ahead' : h < b ? 'behind' : 'identical';
        return { status: 200, body: { status, ahead_by: Math.max(0, h - b), behind_by: Math.max(0, b - h) } };
      }),
    );

    this.route(
      'POST',
      '/repos/:owner/:repo/deployments',
      guard((req, _p, repo) => this.createDeployment(req, repo)),
    );

    this.route(
      'GET',
      '/repos/:owner/:repo/deployments',
      guard((req, _p, repo) => {
        const full = `${repo.owner}/${repo.name}`.toLowerCase();
        let list = this.deployments
          .filter((d) => d.repository.toLowerCase() === full)
          .slice()
          .reverse();
        for (const key of ['environment', 'ref', 'sha', 'task'] as const) {
          const v = req.query.get(key);
          if (v) list = list.filter((d) => d[key] === v);
        }
        const perPage = Math.min(Number(req.query.get('per_page') ?? 30), 100);
        const page = Number(req.query.get('page') ?? 1);
        return { status: 200, body: list.slice((page - 1) * perPage, page * perPage).map(strip) };
      }),
    );

    this.route(
      'GET',
      '/repos/:owner/:repo/deployments/:id',
      guard((_r, p) => {
        const d = this.deployments.find((x) => x.id === Number(p.id));
        return d ? { status: 200, body: strip(d) } : { status: 404, body: { message: 'Not Found' } };
      }),
    );

    this.route(
      'GET',
      '/repos/:owner/:repo/deployments/:id/statuses',
      guard((_r, p) => {
        const list = this.statusesOf(Number(p.id)).slice().reverse();
        return { status: 200, body: list };
      }),
    );

    this.route(
      'POST',
      '/repos/:owner/:repo/deployments/:id/statuses',
      guard((req, p, repo) => this.createStatus(req, Number(p.id), repo)),
    );

    this.route(
      'POST',
      '/repos/:owner/:repo/actions/workflows/:workflow/dispatches',
      guard((req, p, repo) => this.dispatch(req, p.workflow!, repo)),
    );

    this.route(
      'GET',
      '/repos/:owner/:repo/actions/workflows/:workflow/runs',
      guard((_req, p, repo) => {
        const full = `${repo.owner}/${repo.name}`.toLowerCase();
        const runs = this.runs
          .filter((r) => r.repository.toLowerCase() === full && r.workflow === p.workflow)
          .slice()
          .reverse();
        return { status: 200, body: { total_count: runs.length, workflow_runs: runs.map((r) => this.runView(r)) } };
      }),
    );

    this.route(
      'GET',
      '/repos/:owner/:repo/actions/runs/:id',
      guard((_r, p) => {
        const run = this.runs.find((r) => r.id === Number(p.id));
        return run ? { status: 200, body: this.runView(run) } : { status: 404, body: { message: 'Not Found' } };
      }),
    );

    this.route(
      'POST',
      '/repos/:owner/:repo/actions/runs/:id/cancel',
      guard((_r, p) => {
        const run = this.runs.find((r) => r.id === Number(p.id));
        if (!run) return { status: 404, body: { message: 'Not Found' } };
        if (this.runView(run).status === 'completed')
          return { status: 409, body: { message: 'Cannot cancel a workflow run that is completed.' } };
        run.cancelled_at = Date.now();
        return { status: 202, body: {} };
      }),
    );
  }

  private createDeployment(req: RecordedRequest, repo: FakeRepo): Reply {
    const body = (req.body ?? {}) as Json;
    const full = `${repo.owner}/${repo.name}`;
    if (typeof body.ref !== 'string' || body.ref === '') {
      return {
        status: 422,
        body: {
          message: 'Invalid request.\n\n"ref" wasn\'t supplied.',
          documentation_url: 'https://docs.github.com/rest/deployments/deployments#create-a-deployment',
        },
      };
    }
    const ref: string = body.ref;
    let commit = this.resolveRef(repo, ref);
    if (!commit)
      return {
        status: 422,
        body: {
          message: `No ref found for: ${ref}`,
          documentation_url: 'https://docs.github.com/rest/deployments/deployments#create-a-deployment',
        },
      };
    if (body.auto_merge !== false && repo.conflicts.has(ref)) {
      return { status: 409, body: { message: `Conflict merging ${repo.defaultBranch} into ${ref}.` } };
    }
    if (body.auto_merge !== false && repo.behind.has(ref)) {
      repo.behind.delete(ref);
      this.push(full, ref, `merge-${repo.defaultBranch}-into-${ref}-${randomUUID()}`);
      return { status: 202, body: { message: `Auto-merged ${repo.defaultBranch} into ${ref} on deployment.` } };
    }
    const statuses = repo.statuses.get(commit) ?? new Map<string, string>();
    const required: string[] = Array.isArray(body.required_contexts) ? body.required_contexts : [...statuses.keys()];
    const failing = required
      .filter((c) => statuses.get(c) !== 'success')
      .map((c) => ({ context: c, state: statuses.get(c) ?? 'pending' }));
    if (failing.length > 0) {
      return {
        status: 409,
        body: {
          message: `Conflict: Commit status checks failed for ${ref}.`,
          errors: [{ resource: 'Deployment', field: 'required_contexts', code: 'invalid', contexts: failing }],
          documentation_url: 'https://docs.github.com/rest/deployments/deployments#create-a-deployment',
        },
      };
    }
    commit = this.resolveRef(repo, ref)!;
    const id = this.nextId++;
    const environment: string = body.environment ?? 'production';
    const now = new Date().toISOString();
    let payload: unknown = body.payload ?? {};
    if (typeof payload === 'string') {
      try {
        payload = JSON.parse(payload);
      } catch {
        /* kept as a string, as GitHub does */
      }
    }
    const deployment: FakeDeployment = {
      url: `${this.url}/repos/${full}/deployments/${id}`,
      id,
      node_id: `DE_${id}`,
      sha: commit,
      ref,
      task: body.task ?? 'deploy',
      payload,
      original_environment: environment,
      environment,
      description: body.description ?? '',
      creator: { login: 'chatops-bot', id: 1, type: 'Bot' },
      created_at: now,
      updated_at: now,
      statuses_url: `${this.url}/repos/${full}/deployments/${id}/statuses`,
      repository_url: `${this.url}/repos/${full}`,
      transient_environment: body.transient_environment ?? false,
      production_environment: body.production_environment ?? environment === 'production',
      performed_via_github_app: null,
      repository: full,
      request: body,
    };
    this.deployments.push(deployment);
    this.deliverLater(
      'deployment',
      deploymentEvent(strip(deployment), repositoryObject(repo, repo.defaultBranch), 'chatops-bot'),
    );
    return { status: 201, body: strip(deployment) };
  }

  private createStatus(req: RecordedRequest, id: number, repo: FakeRepo): Reply {
    const deployment = this.deployments.find((d) => d.id === id);
    if (!deployment) return { status: 404, body: { message: 'Not Found' } };
    const body = (req.body ?? {}) as Json;
    const states = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];
    if (!states.includes(body.state)) {
      return {
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: [{ resource: 'DeploymentStatus', field: 'state', code: 'invalid' }],
        },
      };
    }
    if (typeof body.description === 'string' && body.description.length > 140) {
      return {
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'DeploymentStatus',
              field: 'description',
              code: 'custom',
              message: 'description is too long (maximum is 140 characters)',
            },
          ],
        },
      };
    }
    const now = new Date().toISOString();
    const full = `${repo.owner}/${repo.name}`;
    const status: FakeStatus = {
      url: `${deployment.url}/statuses/${this.nextId}`,
      id: this.nextId++,
      node_id: `DES_${id}`,
      state: body.state,
      creator: { login: 'chatops-bot', id: 1, type: 'Bot' },
      description: body.description ?? '',
      environment: body.environment ?? deployment.environment,
      environment_url: body.environment_url ?? '',
      log_url: body.log_url ?? body.target_url ?? '',
      target_url: body.log_url ?? body.target_url ?? '',
      created_at: now,
      updated_at: now,
      deployment_url: deployment.url,
      repository_url: deployment.repository_url,
      performed_via_github_app: null,
    };
    const list = this.statuses.get(id) ?? [];
    list.push(status);
    this.statuses.set(id, list);
    if (status.state === 'success' && body.auto_inactive !== false) this.autoInactivate(deployment);
    this.deliverLater(
      'deployment_status',
      deploymentStatusEvent(status, strip(deployment), repositoryObject(repo, repo.defaultBranch), 'chatops-bot'),
    );
    void full;
    return { status: 201, body: status };
  }

  /** GitHub adds `inactive` to earlier successful non-transient, non-production deployments of the environment. */
  private autoInactivate(current: FakeDeployment): void {
    for (const d of this.deployments) {
      if (d === current || d.repository !== current.repository || d.environment !== current.environment) continue;
      if (d.transient_environment || d.production_environment) continue;
      const list = this.statuses.get(d.id) ?? [];
      if (list.at(-1)?.state === 'success') {
        list.push({ ...list.at(-1)!, id: this.nextId++, state: 'inactive', created_at: new Date().toISOString() });
      }
    }
  }

  private dispatch(req: RecordedRequest, workflow: string, repo: FakeRepo): Reply {
    const body = (req.body ?? {}) as Json;
    if (typeof body.ref !== 'string' || !this.resolveRef(repo, body.ref)) {
      return { status: 422, body: { message: `No ref found for: ${body.ref}` } };
    }
    const inputs = (body.inputs ?? {}) as Record<string, unknown>;
    if (Object.keys(inputs).length > 10)
      return {
        status: 422,
        body: { message: 'you may only define up to 10 `inputs` for a `workflow_dispatch` event' },
      };
    const full = `${repo.owner}/${repo.name}`;
    const id = this.nextId++;
    const plan = this.options.actionsPlan?.({ id, repository: full, workflow, inputs } as FakeWorkflowRun) ?? {
      conclusion: 'success',
      durationMs: 100,
    };
    const run: FakeWorkflowRun = {
      id,
      repository: full,
      workflow,
      inputs,
      head_branch: body.ref,
      head_sha: this.resolveRef(repo, body.ref),
      started: Date.now(),
      plan,
      display_title: `deploy ${String(inputs.deployment_id ?? '')}`.trim(),
    };
    this.runs.push(run);
    const html = `https://github.com/${full}/actions/runs/${id}`;
    if (body.return_run_details && this.options.returnRunDetails !== false) {
      return {
        status: 200,
        body: { workflow_run_id: id, run_url: `${this.url}/repos/${full}/actions/runs/${id}`, html_url: html },
      };
    }
    return { status: 204 };
  }

  /** The run as the REST API shows it now, moving from queued to in_progress to completed with time. */
  runView(run: FakeWorkflowRun): Json {
    const age = Date.now() - run.started;
    const plan = run.plan as { conclusion: string; durationMs: number };
    let status = age < 20 ? 'queued' : age < plan.durationMs ? 'in_progress' : 'completed';
    let conclusion: string | null = status === 'completed' ? plan.conclusion : null;
    if (run.cancelled_at) {
      status = 'completed';
      conclusion = 'cancelled';
    }
    return {
      id: run.id,
      name: run.workflow,
      display_title: run.display_title,
      event: 'workflow_dispatch',
      head_branch: run.head_branch,
      head_sha: run.head_sha,
      status,
      conclusion,
      html_url: `https://github.com/${run.repository}/actions/runs/${run.id}`,
      created_at: new Date(run.started).toISOString(),
      updated_at: new Date().toISOString(),
    };
  }
}

function strip(d: FakeDeployment): Json {
  const { repository: _r, request: _q, ...rest } = d;
  return rest;
}
