import { randomUUID } from 'node:crypto';
import { FakeServer, type RecordedRequest, type Reply } from './fake-server.js';
import { registerActionsRoutes, runView } from './github-actions-routes.js';
import { type FakeGitHubApp, GitHubAppAuth } from './github-app-auth.js';
import { checkAgainstDescription, checkApiVersion, githubError } from './github-contract.js';
import { type GitHubSecondaryLimits, secondaryLimitAnswer } from './github-secondary-limits.js';

export type { GitHubSecondaryLimits };
import {
  type FakeDeployment,
  type FakeRepo,
  type FakeStatus,
  type FakeWorkflowRun,
  newRepo,
  type RepoOptions,
  resolveRef,
  sha,
  stripDeployment,
} from './github-data.js';
import {
  deploymentEvent,
  deploymentStatusEvent,
  githubWebhookHeaders,
  type ProtectionRuleRequest,
  protectionRuleEvent,
  repositoryObject,
} from './github-payloads.js';
import { checkProseLimits } from './github-prose-limits.js';
import { registerReadRoutes } from './github-read-routes.js';
import { registerRefRoutes } from './github-ref-routes.js';
import type { Guard } from './github-routes.js';
import type { Json } from './json.js';

/** One review of a custom deployment protection rule: a decision (`state`) or a progress comment. */
export type ProtectionReview = {
  repository: string;
  run_id: number;
  environment_name: string;
  state?: 'approved' | 'rejected';
  comment?: string;
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
  /**
   * A GitHub App: `POST /app/installations/{id}/access_tokens` then takes its RS256 JWT and answers
   * a `ghs_…` token that every route accepts (besides `token`, when given).
   */
  app?: FakeGitHubApp;
  /**
   * false: the credentials may not administer the repository, so `DELETE …/environments/{name}` is
   * refused with 403 (a GitHub App without the Administration permission, a token without repo scope).
   */
  environmentAdmin?: boolean;
  /** Enforce GitHub's secondary limits on writes (see `GitHubSecondaryLimits`); none by default. */
  secondaryLimits?: GitHubSecondaryLimits;
};

const DOCS = 'https://docs.github.com/rest';

/** The token of a request's `Authorization: token …` or `Bearer …`, if any. */
const tokenOf = (req: RecordedRequest) =>
  /^(?:token|bearer)\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];

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
  /** Reviews of custom deployment protection rules received, in order. */
  readonly protectionReviews: ProtectionReview[] = [];
  /** Environments deleted through the API (`owner/repo` + name, and the id of the newest deployment then), in order. */
  readonly deletedEnvironments: Array<{ repository: string; environment: string; lastDeployment: number }> = [];
  /** The app's installation tokens (when `options.app` is set). */
  readonly appAuth: GitHubAppAuth | null;
  private nextId = 1000;
  private readonly pending = new Set<Promise<void>>();

  constructor(public options: FakeGitHubOptions = {}) {
    super();
    this.appAuth = options.app ? new GitHubAppAuth(options.app) : null;
    this.registerRoutes();
  }

  /** Revokes every installation token issued so far: GitHub then answers 401 Bad credentials to them. */
  revokeInstallationTokens(): void {
    this.appAuth?.revokeAll();
  }

  /** The `X-GitHub-Api-Version` of each request received, in order (undefined: none was sent). */
  apiVersions(): Array<string | undefined> {
    return this.requests.map((r) => r.headers['x-github-api-version'] as string | undefined);
  }

  /** Requests that named no API version (GitHub then uses its default, 2022-11-28). */
  withoutApiVersion(): RecordedRequest[] {
    return this.requests.filter((r) => r.headers['x-github-api-version'] === undefined);
  }

  /**
   * What GitHub checks before it looks at the data: the API version (400), the credentials (401),
   * the operation, its parameters and body against GitHub's OpenAPI description (404/422/400), then
   * the limits its docs state in prose (422).
   */
  protected override precheck(req: RecordedRequest): Reply | null {
    const version = checkApiVersion(req);
    if (version) return this.refuse(req, version);
    const tokenRequest = req.method === 'POST' && /^\/app\/installations\/[^/]+\/access_tokens$/.test(req.rawPath);
    if (!tokenRequest && !this.authorized(req)) return this.refuse(req, githubError(401, 'Bad credentials'));
    const checked = checkAgainstDescription(req);
    if ('refused' in checked) return this.refuse(req, checked.refused);
    const limit = checkProseLimits(checked.op, req.body);
    if (limit) return this.refuse(req, limit);
    return this.secondaryLimit(req);
  }

  /** Arrival times of the writes checked against `options.secondaryLimits`. */
  private readonly writeTimes: number[] = [];

  private secondaryLimit(req: RecordedRequest): Reply | null {
    const limits = this.options.secondaryLimits;
    if (!limits || req.method === 'GET' || req.method === 'HEAD' || /^\/app(\/|$)/.test(req.path)) return null;
    const answer = secondaryLimitAnswer(limits, req.at, this.writesInFlight, this.writeTimes);
    this.writeTimes.push(req.at);
    return answer ? this.refuse(req, answer) : null;
  }

  addRepo(fullName: string, opts: RepoOptions = {}): FakeRepo {
    const repo = newRepo(fullName, opts);
    this.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  /** Tags a commit (default: the head of the default branch) and returns its sha. */
  tag(fullName: string, tag: string, commit?: string): string {
    const repo = this.repo(fullName);
    const target = commit ?? repo.branches.get(repo.defaultBranch)!;
    repo.tags.set(tag, target);
    return target;
  }

  /** Moves a branch to a new commit (with this message, if given) and returns its sha. */
  push(fullName: string, branch: string, seed: string = randomUUID(), message?: string): string {
    const repo = this.repo(fullName);
    const next = sha(seed);
    repo.branches.set(branch, next);
    repo.history.push(next);
    if (message !== undefined) repo.messages.set(next, message);
    return next;
  }

  /** Dates a commit (author and committer date, as compare lists them): an ISO time like GitHub's. */
  commitAt(fullName: string, commit: string, date: string): void {
    this.repo(fullName).dates.set(commit, date);
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

  /**
   * A workflow run of `fullName` waits at an environment whose custom deployment protection rule is
   * this app: sends the signed `deployment_protection_rule` webhook (action `requested`).
   */
  async requestProtectionRule(
    fullName: string,
    request: Omit<ProtectionRuleRequest, 'installationId' | 'deploymentId'> &
      Partial<Pick<ProtectionRuleRequest, 'installationId' | 'deploymentId'>>,
  ): Promise<number | 'error'> {
    const repo = this.repo(fullName);
    const installationId = request.installationId ?? this.options.app?.installationId ?? 1;
    const event = protectionRuleEvent(
      { ...request, installationId, deploymentId: request.deploymentId ?? this.newId() },
      repositoryObject(repo, repo.defaultBranch),
      this.url,
    );
    return this.deliver('deployment_protection_rule', event);
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

  /** A request carries the configured token or a live installation token; with neither configured, anything goes. */
  private authorized(req: RecordedRequest): boolean {
    if (!this.options.token && !this.appAuth) return true;
    const token = tokenOf(req);
    if (!token) return false;
    return token === this.options.token || (this.appAuth?.accepts(token) ?? false);
  }

  /** Whether a request carries a live installation token of the app. */
  private byInstallation(req: RecordedRequest): boolean {
    const token = tokenOf(req);
    return !!token && (this.appAuth?.accepts(token) ?? false);
  }

  /** A new id for a deployment, status or run (one sequence, as GitHub's ids never collide across them here). */
  newId(): number {
    return this.nextId++;
  }

  /** The run as the REST API shows it now, moving from queued to in_progress to completed with time. */
  runView(run: FakeWorkflowRun): Json {
    return runView(run);
  }

  private registerRoutes(): void {
    const guard: Guard = (fn) => (req, p) => {
      const repo = this.repos.get(`${p.owner}/${p.repo}`.toLowerCase());
      if (!repo) return githubError(404, 'Not Found');
      return fn(req, p, repo);
    };
    registerReadRoutes(this, guard);
    registerRefRoutes(this, guard);
    registerActionsRoutes(this, guard);

    // "GitHub Apps can only review their own custom deployment protection rules": only an
    // installation token may; a personal access token is refused.
    this.route(
      'POST',
      '/repos/:owner/:repo/actions/runs/:id/deployment_protection_rule',
      guard((req, p, repo) => {
        if (!this.byInstallation(req))
          return githubError(
            403,
            'Resource not accessible by personal access token',
            `${DOCS}/actions/workflow-runs#review-custom-deployment-protection-rules-for-a-workflow-run`,
          );
        const body = (req.body ?? {}) as Json; // checked against the description already
        this.protectionReviews.push({
          repository: `${repo.owner}/${repo.name}`,
          run_id: Number(p.id),
          environment_name: body.environment_name,
          ...(body.state ? { state: body.state } : {}),
          ...(body.comment !== undefined ? { comment: body.comment } : {}),
        });
        return { status: 204 };
      }),
    );

    this.route('POST', '/app/installations/:id/access_tokens', (req, p) =>
      this.appAuth
        ? this.appAuth.createToken(String(req.headers.authorization ?? ''), Number(p.id), req.body as Json)
        : githubError(404, 'Integration not found'),
    );

    this.route(
      'POST',
      '/repos/:owner/:repo/deployments',
      guard((req, _p, repo) => this.createDeployment(req, repo)),
    );

    this.route(
      'DELETE',
      '/repos/:owner/:repo/environments/:name',
      guard((_req, p, repo) => this.deleteEnvironment(repo, decodeURIComponent(p.name!))),
    );

    this.route(
      'POST',
      '/repos/:owner/:repo/deployments/:id/statuses',
      guard((req, p, repo) => this.createStatus(req, Number(p.id), repo)),
    );
  }

  private createDeployment(req: RecordedRequest, repo: FakeRepo): Reply {
    const body = (req.body ?? {}) as Json;
    const full = `${repo.owner}/${repo.name}`;
    const docs = `${DOCS}/deployments/deployments#create-a-deployment`;
    const ref: string = body.ref; // the description requires it: a request without it was refused already
    let commit = resolveRef(repo, ref);
    if (!commit) return githubError(422, `No ref found for: ${ref}`, docs);
    if (body.auto_merge !== false && repo.conflicts.has(ref)) {
      return githubError(409, `Conflict merging ${repo.defaultBranch} into ${ref}.`, docs);
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
      return githubError(409, `Conflict: Commit status checks failed for ${ref}.`, docs, {
        errors: [{ resource: 'Deployment', field: 'required_contexts', code: 'invalid', contexts: failing }],
      });
    }
    commit = resolveRef(repo, ref)!;
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
      deploymentEvent(stripDeployment(deployment), repositoryObject(repo, repo.defaultBranch), 'chatops-bot'),
    );
    return { status: 201, body: stripDeployment(deployment) };
  }

  /** The environments of a repository: every name a deployment used (GitHub creates them), less those deleted. */
  environmentsOf(fullName: string): string[] {
    const full = fullName.toLowerCase();
    const names = new Set<string>();
    for (const d of this.deployments) if (d.repository.toLowerCase() === full) names.add(d.environment);
    for (const gone of this.deletedEnvironments) {
      if (gone.repository.toLowerCase() !== full) continue;
      // A deployment to a deleted environment after its deletion creates it again.
      const again = this.deployments.some(
        (d) => d.repository === gone.repository && d.environment === gone.environment && d.id > gone.lastDeployment,
      );
      if (!again) names.delete(gone.environment);
    }
    return [...names];
  }

  /** "Delete an environment": 204; 404 when there is none of that name; 403 without admin rights. */
  private deleteEnvironment(repo: FakeRepo, name: string): Reply {
    const full = `${repo.owner}/${repo.name}`;
    const docs = `${DOCS}/deployments/environments#delete-an-environment`;
    if (this.options.environmentAdmin === false)
      return githubError(403, 'Resource not accessible by integration', docs);
    if (!this.environmentsOf(full).includes(name)) return githubError(404, 'Not Found', docs);
    const lastDeployment = Math.max(0, ...this.deployments.map((d) => d.id));
    this.deletedEnvironments.push({ repository: full, environment: name, lastDeployment });
    return { status: 204 };
  }

  private createStatus(req: RecordedRequest, id: number, repo: FakeRepo): Reply {
    const deployment = this.deployments.find((d) => d.id === id && d.repository === `${repo.owner}/${repo.name}`);
    if (!deployment) return githubError(404, 'Not Found', `${DOCS}/deployments/statuses#create-a-deployment-status`);
    const body = (req.body ?? {}) as Json; // state and description were checked against the description already
    const now = new Date().toISOString();
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
      deploymentStatusEvent(
        status,
        stripDeployment(deployment),
        repositoryObject(repo, repo.defaultBranch),
        'chatops-bot',
      ),
    );
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
}
