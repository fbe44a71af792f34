import { createHmac, randomUUID } from 'node:crypto';
import { checkCircleRequest, checkTriggerLimits, circleError, circleToken } from './circleci-contract.js';
import { FakeServer, type RecordedRequest, type Reply } from './fake-server.js';
import type { Json } from './json.js';

export type WorkflowPlan = {
  name?: string;
  status: 'success' | 'failed' | 'error' | 'canceled' | 'on_hold' | 'unauthorized';
  durationMs: number;
};
export type PipelinePlan = { workflows: WorkflowPlan[]; errored?: boolean };

export type FakePipeline = {
  id: string;
  number: number;
  projectSlug: string;
  branch?: string;
  tag?: string;
  parameters: Record<string, unknown>;
  createdAt: number;
  plan: PipelinePlan;
  workflows: Array<{ id: string; name: string; plan: WorkflowPlan; canceledAt?: number; notified?: boolean }>;
};

export type FakeCircleCIOptions = {
  token?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  /** Decides how a triggered pipeline's workflows end. Default: one `deploy` workflow, success after 100 ms. */
  plan?: (pipeline: Omit<FakePipeline, 'plan' | 'workflows'>) => PipelinePlan;
  /**
   * The trigger's answer comes this long after the pipeline was created (a slow network or API):
   * its webhooks may come first.
   */
  triggerAnswerDelayMs?: number;
};

/** Where the fake learns a project's branches: a FakeGitHub's repositories (`followGitHub`). */
type BranchSource = { repos: Map<string, { branches: Map<string, string>; defaultBranch?: string }> };

const SHA = /^[0-9a-f]{40}$/i;
const PULL_REF = /^pull\/\d+\/(head|merge)$/; // "use pull/<number>/head … or pull/<number>/merge" (the description)

/**
 * A local CircleCI API v2: trigger a pipeline, list its workflows, cancel a workflow. Workflows move
 * from `running` to their planned status with time; when one finishes, a signed `workflow-completed`
 * webhook is sent if a target is set.
 *
 * Requests are checked against CircleCI's published OpenAPI description (openapi/README.md): a
 * token is required (401), the trigger body must match `TriggerPipelineParameters` with no other key
 * and within its stated limits (400), and `branch` must be a branch of the project (400 "Branch not
 * found"; a 40-hex sha never is one).
 */
export class FakeCircleCI extends FakeServer {
  readonly pipelines: FakePipeline[] = [];
  readonly webhooks: Array<{ body: string; status: number | 'error' }> = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly branches = new Map<string, Set<string>>();
  private github: BranchSource | null = null;

  constructor(public options: FakeCircleCIOptions = {}) {
    super();
    this.route('POST', '/api/v2/project/:vcs/:org/:repo/pipeline', async (req, p) => {
      const reply = this.trigger(req, `${p.vcs}/${p.org}/${p.repo}`);
      if (this.options.triggerAnswerDelayMs) await new Promise((r) => setTimeout(r, this.options.triggerAnswerDelayMs));
      return reply;
    });
    this.route('GET', '/api/v2/pipeline/:id', (_req, p) => {
      const pl = this.pipelines.find((x) => x.id === p.id);
      if (!pl) return circleError(404, 'Pipeline not found');
      return {
        status: 200,
        body: {
          id: pl.id,
          number: pl.number,
          project_slug: pl.projectSlug,
          state: pl.plan.errored ? 'errored' : 'created',
          created_at: new Date(pl.createdAt).toISOString(),
          errors: pl.plan.errored ? [{ type: 'config', message: 'config error' }] : [],
        },
      };
    });
    this.route('GET', '/api/v2/pipeline/:id/workflow', (_req, p) => {
      const pl = this.pipelines.find((x) => x.id === p.id);
      if (!pl) return circleError(404, 'Pipeline not found');
      return { status: 200, body: { items: pl.workflows.map((w) => this.workflowView(pl, w)), next_page_token: null } };
    });
    this.route('GET', '/api/v2/workflow/:id', (_req, p) => {
      const found = this.findWorkflow(p.id!);
      if (!found) return circleError(404, 'Workflow not found');
      return { status: 200, body: this.workflowView(found.pipeline, found.workflow) };
    });
    this.route('POST', '/api/v2/workflow/:id/cancel', (_req, p) => {
      const found = this.findWorkflow(p.id!);
      if (!found) return circleError(404, 'Workflow not found');
      found.workflow.canceledAt ??= Date.now();
      return { status: 202, body: { message: 'Accepted.' } };
    });
  }

  /** Declares the branches of a project (`gh/org/repo`): a trigger for any other branch is refused. */
  setBranches(projectSlug: string, names: string[]): void {
    this.branches.set(projectSlug.toLowerCase(), new Set(names));
  }

  /** Takes the branches of `gh/<owner>/<repo>` (or `github/…`) from that repository of a FakeGitHub, live. */
  followGitHub(github: BranchSource): void {
    this.github = github;
  }

  /** The known branches of a project, or null when the fake was told nothing about it. */
  branchesOf(projectSlug: string): Set<string> | null {
    const declared = this.branches.get(projectSlug.toLowerCase());
    if (declared) return declared;
    const [vcs, org, repo] = projectSlug.split('/');
    if (!this.github || (vcs !== 'gh' && vcs !== 'github')) return null;
    const known = this.github.repos.get(`${org}/${repo}`.toLowerCase());
    return known ? new Set(known.branches.keys()) : null;
  }

  /** Auth (401), the description (404/400), the trigger's stated limits and its branch (400). */
  protected override precheck(req: RecordedRequest): Reply | null {
    const token = circleToken(req);
    if (!token || (this.options.token && token !== this.options.token)) {
      return this.refuse(req, circleError(401, 'You must log in first.'));
    }
    const checked = checkCircleRequest(req, '/api/v2');
    if ('refused' in checked) return this.refuse(req, checked.refused);
    if (checked.op.operationId !== 'triggerPipeline') return null;
    const limit = checkTriggerLimits(checked.body);
    if (limit) return this.refuse(req, limit);
    const branch = checked.body.branch as string | undefined;
    if (branch === undefined || PULL_REF.test(branch)) return null;
    const known = this.branchesOf(checked.pathParams['project-slug'] ?? '');
    if (SHA.test(branch) || (known && !known.has(branch)))
      return this.refuse(req, circleError(400, 'Branch not found'));
    return null;
  }

  /** The base URL to give as CIRCLECI_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api/v2`;
  }

  override async start(port = 0): Promise<string> {
    const url = await super.start(port);
    this.timer = setInterval(() => void this.sendCompletions(), 20);
    return url;
  }

  override async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await super.stop();
  }

  workflowStatus(pipeline: FakePipeline, w: FakePipeline['workflows'][number]): string {
    if (w.canceledAt) return 'canceled';
    if (w.plan.status === 'on_hold') return 'on_hold';
    return Date.now() - pipeline.createdAt >= w.plan.durationMs ? w.plan.status : 'running';
  }

  private workflowView(pipeline: FakePipeline, w: FakePipeline['workflows'][number]): Json {
    const status = this.workflowStatus(pipeline, w);
    const done = !['running', 'on_hold', 'failing'].includes(status);
    return {
      id: w.id,
      name: w.name,
      status,
      created_at: new Date(pipeline.createdAt).toISOString(),
      stopped_at: done ? new Date(w.canceledAt ?? pipeline.createdAt + w.plan.durationMs).toISOString() : null,
      pipeline_id: pipeline.id,
      pipeline_number: pipeline.number,
      project_slug: pipeline.projectSlug,
    };
  }

  private findWorkflow(id: string): { pipeline: FakePipeline; workflow: FakePipeline['workflows'][number] } | null {
    for (const pipeline of this.pipelines) {
      const workflow = pipeline.workflows.find((w) => w.id === id);
      if (workflow) return { pipeline, workflow };
    }
    return null;
  }

  /** Credentials, body and branch were checked by `precheck`. */
  private trigger(req: RecordedRequest, projectSlug: string): Reply {
    // A body sent as anything but JSON is not read by CircleCI: the default branch, no parameters.
    const json = String(req.headers['content-type'] ?? '').includes('application/json');
    const body = (json && req.body && typeof req.body === 'object' ? req.body : {}) as Json;
    const parameters = (body.parameters ?? {}) as Record<string, unknown>;
    const base = {
      id: randomUUID(),
      number: this.pipelines.length + 1,
      projectSlug,
      branch: body.tag === undefined ? (body.branch ?? this.defaultBranchOf(projectSlug)) : undefined,
      tag: body.tag,
      parameters,
      createdAt: Date.now(),
    };
    const plan = this.options.plan?.(base) ?? { workflows: [{ name: 'deploy', status: 'success', durationMs: 100 }] };
    const pipeline: FakePipeline = {
      ...base,
      plan,
      workflows: plan.workflows.map((w, i) => ({ id: randomUUID(), name: w.name ?? `workflow-${i + 1}`, plan: w })),
    };
    this.pipelines.push(pipeline);
    return {
      status: 201,
      body: {
        id: pipeline.id,
        state: 'pending',
        number: pipeline.number,
        created_at: new Date(pipeline.createdAt).toISOString(),
      },
    };
  }

  private defaultBranchOf(projectSlug: string): string | undefined {
    const [vcs, org, repo] = projectSlug.split('/');
    if (vcs !== 'gh' && vcs !== 'github') return undefined;
    return this.github?.repos.get(`${org}/${repo}`.toLowerCase())?.defaultBranch;
  }

  private async sendCompletions(): Promise<void> {
    const { webhookUrl, webhookSecret } = this.options;
    if (!webhookUrl || !webhookSecret) return;
    for (const pipeline of this.pipelines) {
      for (const w of pipeline.workflows) {
        const status = this.workflowStatus(pipeline, w);
        if (w.notified || ['running', 'on_hold', 'failing'].includes(status)) continue;
        w.notified = true;
        const body = JSON.stringify({
          type: 'workflow-completed',
          id: randomUUID(),
          happened_at: new Date().toISOString(),
          webhook: { id: randomUUID(), name: 'chatops' },
          workflow: {
            id: w.id,
            name: w.name,
            created_at: new Date(pipeline.createdAt).toISOString(),
            stopped_at: new Date().toISOString(),
            url: `https://app.circleci.com/pipelines/${pipeline.projectSlug}/${pipeline.number}/workflows/${w.id}`,
            status,
          },
          pipeline: {
            id: pipeline.id,
            number: pipeline.number,
            created_at: new Date(pipeline.createdAt).toISOString(),
            trigger: { type: 'api' },
            vcs: { branch: pipeline.branch },
          },
          project: { id: randomUUID(), name: pipeline.projectSlug.split('/')[2], slug: pipeline.projectSlug },
          organization: { id: randomUUID(), name: pipeline.projectSlug.split('/')[1] },
        });
        const signature = createHmac('sha256', webhookSecret).update(body).digest('hex');
        const record = { body, status: 'error' as number | 'error' };
        this.webhooks.push(record);
        try {
          const res = await fetch(webhookUrl, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'circleci-event-type': 'workflow-completed',
              'circleci-signature': `v1=${signature}`,
            },
            body,
          });
          record.status = res.status;
          await res.arrayBuffer();
        } catch {
          record.status = 'error';
        }
      }
    }
  }
}
