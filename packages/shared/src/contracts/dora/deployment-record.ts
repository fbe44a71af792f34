import { z } from 'zod';

/**
 * Where a deployment is in its life, as chatops' record of it says: `requested` (GitHub created it),
 * `queued` (waiting for another of its line), `in_progress` (its CI runs), then one final state.
 * `cancelled` is heaven's `error` after someone cancelled it.
 */
export const deploymentRecordStateSchema = z.enum([
  'requested',
  'queued',
  'in_progress',
  'success',
  'failure',
  'error',
  'cancelled',
]);

export type DeploymentRecordState = z.infer<typeof deploymentRecordStateSchema>;

export const FINAL_RECORD_STATES: ReadonlySet<DeploymentRecordState> = new Set([
  'success',
  'failure',
  'error',
  'cancelled',
]);

const isoTime = z.iso.datetime({ offset: true });

/**
 * The commits a successful production deployment brought (GitHub's compare of the previous successful
 * production sha with this one): what its lead time for changes is made of. `commit_times` are the
 * committer dates, oldest first (at most 250: GitHub's compare lists no more); `total` is GitHub's
 * count of them all.
 */
export const deploymentChangesSchema = z.object({
  base_sha: z.string().min(1),
  commit_times: z.array(isoTime).max(250),
  total: z.number().int().min(0),
});

export type DeploymentChanges = z.infer<typeof deploymentChangesSchema>;

/**
 * chatops' record of one deployment (one per GitHub deployment id): written by heaven at each step it
 * posts, kept in Redis (bounded, `createDeploymentRecordStore`), read by `computeDora`, the bot's
 * `/deploy stats`, heaven's metrics, dashboard and `GET /api/deployments`.
 */
export const deploymentRecordSchema = z.object({
  deployment_id: z.number().int().positive(),
  repository: z.string().min(1),
  /** The config app and environment (a branch environment `review-x` is its config environment `review`). */
  app: z.string().min(1),
  environment: z.string().min(1),
  /** The GitHub environment the deployment names. */
  github_environment: z.string().min(1),
  production: z.boolean(),
  sha: z.string().min(1),
  ref: z.string().min(1),
  task: z.string().min(1),
  /** A noop deployment (the CI is told to change nothing): never counted. */
  noop: z.boolean(),
  /** The person: the signed requester's name (or Slack id), else GitHub's creator; null when unknown. */
  requester: z.string().nullable(),
  /** The deployment this one rolls back (signed by the bot). */
  rollback_of: z.number().int().positive().nullable(),
  state: deploymentRecordStateSchema,
  /** heaven's last description of it (why it failed, who cancelled). */
  description: z.string().nullable(),
  log_url: z.string().nullable(),
  /** GitHub's created_at of the deployment. */
  requested_at: isoTime,
  /** The last approval (an environment with `approval`), from the signed payload. */
  approved_at: isoTime.nullable(),
  queued_at: isoTime.nullable(),
  started_at: isoTime.nullable(),
  finished_at: isoTime.nullable(),
  /** Successful production deployments only (see deploymentChangesSchema); null for the first one. */
  changes: deploymentChangesSchema.nullable(),
});

export type DeploymentRecord = z.infer<typeof deploymentRecordSchema>;

/** The fields a deployment's record is born with (the first write of it sets them, later ones do not move them). */
export type DeploymentRecordBase = Omit<
  DeploymentRecord,
  'state' | 'description' | 'log_url' | 'queued_at' | 'started_at' | 'finished_at' | 'changes'
>;

/** One step of a deployment: its new state and when (written once per deployment, state and time). */
export type DeploymentTransition = {
  state: DeploymentRecordState;
  /** ISO time of the step. */
  at: string;
  description?: string;
  log_url?: string | null;
};

/** Which records a page of the export holds. */
export type DeploymentRecordQuery = {
  app?: string;
  environment?: string;
  /** Requested at or after this (ms since the epoch). */
  sinceMs?: number;
  /** 1-based. */
  page: number;
  perPage: number;
};

/**
 * The records of deployments, in Redis under the prefix: heaven writes them (idempotent: keyed by
 * deployment id, each time field written once, a final state never moved), the bot and heaven read.
 */
export type DeploymentRecordStore = {
  /**
   * Writes one step: creates the record from `base` if there is none, sets the time of `transition`
   * unless it is set already, and moves the state unless the record is final (a final state is
   * written once). Trims the app/environment to its bounds.
   */
  record(base: DeploymentRecordBase, transition: DeploymentTransition): Promise<void>;
  /** Sets the changes of a record once (a retry keeps the first). */
  setChanges(deploymentId: number, changes: DeploymentChanges): Promise<void>;
  get(deploymentId: number): Promise<DeploymentRecord | null>;
  /** The records of an app/environment requested at or after `sinceMs`, oldest first (at most the store's cap). */
  list(app: string, environment: string, sinceMs: number): Promise<DeploymentRecord[]>;
  /**
   * The newest successful deployment of an app/environment before `beforeId` that changed what runs (a
   * `deploy` task, not a dry run): what runs there, the compare base.
   */
  lastSuccess(app: string, environment: string, beforeId: number): Promise<DeploymentRecord | null>;
  /** A page of records, newest first, with the count of all that match. */
  page(query: DeploymentRecordQuery): Promise<{ records: DeploymentRecord[]; total: number }>;
  /** The app/environment pairs that have records (at most the store's limit of them). */
  environments(): Promise<Array<{ app: string; environment: string }>>;
};
