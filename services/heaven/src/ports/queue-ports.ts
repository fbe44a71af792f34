/** Wakes a deployment's job now (it waits in the delayed set between two looks). */
export interface Waker {
  wake(deploymentId: number): Promise<void>;
  /** Runs once a job that asked to sleep is in the delayed set: a wake that came meanwhile is not lost. */
  afterSleep(deploymentId: number): Promise<void>;
}

/** The newest deployment jobs that failed for good (their data unparsed, and BullMQ's reason). */
export interface FailedJobs {
  newest(count: number): Promise<Array<{ data: unknown; reason: string }>>;
}

/** What the webhook routes need: validated enqueueing, with the webhook's dedupe noted in the same step. */
export interface IntakePort {
  /**
   * Validates the data with the queue's schema (throws JobDataError) and adds the job. With a dedupe
   * key (the SHA-256 of the webhook's body), notes it too (kept 4 days): `first` is false for a body seen
   * before, whose job is added again (a no-op under its deterministic id). On a failure, the key is not
   * left noted. Rejects after a bounded wait when Redis does not answer.
   */
  enqueue(
    queue: string,
    name: string,
    jobId: string,
    data: Record<string, unknown>,
    dedupe?: string,
  ): Promise<{ first: boolean }>;
}
