import type { AppConfig, ChatopsPayload, CiParameter, GithubDeployment } from '@chatops/shared/contracts';

/** Everything a provider needs to start the CI of one deployment. */
export type TriggerContext = {
  deployment: GithubDeployment;
  repository: string;
  appName: string;
  app: AppConfig;
  /** The chatops object, only when the bot signed it for this deployment (see trustChatops); else null. */
  chatops: ChatopsPayload | null;
};

/** What a CI builds: a branch or a tag, never a bare sha (the sha to deploy goes in the parameters). */
export type CiRef = { branch: string } | { tag: string };

/** What a provider found out before the trigger (nothing is claimed yet): the CI ref, or why the CI would refuse. */
export type TriggerPlan = { ref: CiRef | null } | { refused: string };

/** What heaven remembers of a started CI run (stored as JSON in Redis). */
export type CiRun = {
  provider: 'circleci' | 'github-actions' | 'shell';
  id: string;
  number?: number;
  logUrl: string;
  extra?: Record<string, string | number>;
};

export type Observation =
  | { phase: 'pending'; description?: string }
  | { phase: 'running' | 'on_hold'; description: string }
  | { phase: 'done'; outcome: 'success' | 'failure' | 'error'; description: string };

/** One CI system: prepare a trigger, start a run, look at it, stop it. */
export interface CiProvider {
  readonly label: string;
  /** Asked before the trigger is claimed: a refusal ends the deployment before anything starts. */
  prepare(ctx: TriggerContext): Promise<TriggerPlan>;
  trigger(ctx: TriggerContext, ref: CiRef | null): Promise<CiRun>;
  /** `run` is set when the provider learnt more about the run (e.g. found the Actions run). */
  observe(run: CiRun, ctx: TriggerContext): Promise<Observation & { run?: CiRun }>;
  cancel(run: CiRun, ctx: TriggerContext): Promise<void>;
}

export type Providers = Partial<Record<AppConfig['provider'], CiProvider>>;

/** A workflow of a CircleCI pipeline, as CircleCI's API lists it. */
export type CircleWorkflow = { id: string; name: string; status: string };

/**
 * The CircleCI API v2 calls the CircleCI provider makes (adapters/circleci-api.ts). Every failure is
 * an ExternalApiError: retryable for a network error, a 5xx, a 408 or a 429 (with its Retry-After).
 */
export interface CircleCiApi {
  /** POST /project/{slug}/pipeline: a pipeline of this branch or tag, with these parameters. */
  triggerPipeline(
    projectSlug: string,
    ref: CiRef,
    parameters: Record<string, CiParameter>,
  ): Promise<{ id: string; number: number }>;
  /** GET /pipeline/{id}: the pipeline's state (`errored` when CircleCI refused its configuration). */
  pipelineState(pipelineId: string): Promise<string>;
  /** GET /pipeline/{id}/workflow: the pipeline's workflows (none before CircleCI has read its configuration). */
  workflows(pipelineId: string): Promise<CircleWorkflow[]>;
  /** POST /workflow/{id}/cancel. */
  cancelWorkflow(workflowId: string): Promise<void>;
}
