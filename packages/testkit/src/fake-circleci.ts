import { createHmac, randomUUID } from 'node:crypto';
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

/**
 * A local CircleCI API v2: trigger a pipeline, list its workflows, cancel a workflow. Workflows move
 * from `running` to their planned status with time; when one finishes, a signed `workflow-completed`
 * webhook is sent if a target is set.
 */
export class FakeCircleCI extends FakeServer {
  readonly pipelines: FakePipeline[] = [];
  readonly webhooks: Array<{ body: string; status: number | 'error' }> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(public options: FakeCircleCIOptions = {}) {
    super();
    this.route('POST', '/api/v2/project/:vcs/:org/:repo/pipeline', async (req, p) => {
      const reply = this.trigger(req, `${p.vcs}/${p.org}/${p.repo}`);
      if (this.options.triggerAnswerDelayMs) await new Promise((r) => setTimeout(r, this.options.triggerAnswerDelayMs));
      return reply;
    });
    this.route('GET', '/api/v2/pipeline/:id', (req, p) =>
      this.authed(req, () => {
        const pl = this.pipelines.find((x) => x.id === p.id);
        if (!pl) return { status: 404, body: { message: 'Pipeline not found' } };
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
      }),
    );
    this.route('GET', '/api/v2/pipeline/:id/workflow', (req, p) =>
      this.authed(req, () => {
        const pl = this.pipelines.find((x) => x.id === p.id);
        if (!pl) return { status: 404, body: { message: 'Pipeline not found' } };
        return {
          status: 200,
          body: { items: pl.workflows.map((w) => this.workflowView(pl, w)), next_page_token: null },
        };
      }),
    );
    this.route('GET', '/api/v2/workflow/:id', (req, p) =>
      this.authed(req, () => {
        const found = this.findWorkflow(p.id!);
        return found
          ? { status: 200, body: this.workflowView(found.pipeline, found.workflow) }
          : { status: 404, body: { message: 'Workflow not found' } };
      }),
    );
    this.route('POST', '/api/v2/workflow/:id/cancel', (req, p) =>
      this.authed(req, () => {
        const found = this.findWorkflow(p.id!);
        if (!found) return { status: 404, body: { message: 'Workflow not found' } };
        found.workflow.canceledAt ??= Date.now();
        return { status: 202, body: { message: 'Accepted.' } };
      }),
    );
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

  private authed(req: RecordedRequest, fn: () => Reply): Reply {
    if (this.options.token) {
      const auth = String(req.headers.authorization ?? '');
      const token = req.headers['circle-token'] ?? (auth.startsWith('Bearer ') ? auth.slice(7) : undefined);
      if (token !== this.options.token) return { status: 401, body: { message: 'You must log in first.' } };
    }
    return fn();
  }

  private trigger(req: RecordedRequest, projectSlug: string): Reply {
    return this.authed(req, () => {
      const body = (req.body ?? {}) as Json;
      if (body.branch && body.tag) return { status: 400, body: { message: 'branch and tag are mutually exclusive' } };
      const parameters = (body.parameters ?? {}) as Record<string, unknown>;
      for (const [k, v] of Object.entries(parameters)) {
        if (k.length > 128 || String(v).length > 512)
          return { status: 400, body: { message: `parameter ${k} is too long` } };
      }
      const base = {
        id: randomUUID(),
        number: this.pipelines.length + 1,
        projectSlug,
        branch: body.branch,
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
    });
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
