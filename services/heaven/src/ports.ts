/**
 * Every port of heaven, in one place to open: what its decisions (run/, providers/, webhooks/,
 * dashboard/, routes/) need from outside. Grouped in ports/ by what they face: GitHub, the CI
 * providers (and CircleCI's API), heaven's Redis stores, the queues, the clock.
 */
export type {
  CiProvider,
  CiRef,
  CircleCiApi,
  CircleWorkflow,
  CiRun,
  Observation,
  Providers,
  TriggerContext,
  TriggerPlan,
} from './ports/ci-provider.js';
export type { Clock } from './ports/clock.js';
export type { GitHubPort, RefKind, Repo, StatusInput } from './ports/github-port.js';
export type { FailedJobs, IntakePort, Waker } from './ports/queue-ports.js';
export type {
  HeldAutoDeploy,
  HeldAutoDeploys,
  HistoryEntry,
  LoginLimiter,
  OnceKeys,
  Place,
  RunRecord,
  RunStore,
} from './ports/store-ports.js';
