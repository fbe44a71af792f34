import { UnrecoverableError, type Queue, type Worker } from 'bullmq';
import { controlJobSchema, deploymentJobSchema, jobId, QUEUES, type DeploymentJob } from '@chatops/shared/contracts';
import { createJobWorker, RunAgainLater, type Metrics, type Redis } from '@chatops/shared/runtime';
import { autoDeploy } from '../run/auto-deploy.js';
import { cancelDeployment } from '../run/cancel-deployment.js';
import { createWakeFlags } from '../run/wake-flags.js';
import { finishDeployment } from '../run/finish-deployment.js';
import { resolveRun, type RunDeps } from '../run/run-context.js';
import { runDeployment } from '../run/run-deployment.js';
import { ciEventJobSchema } from '../webhooks/ci-event-job.js';

export type WorkerDeps = Omit<RunDeps, 'wake'> & {
  connection: Redis;
  prefix: string;
  metrics?: Metrics;
  lockMs: number;
  concurrency?: number;
  deployments: Queue;
};

/** The three workers of heaven: deployments, deployment-control (cancel), ci-events (CI news, auto-deploy). */
export function createWorkers(deps: WorkerDeps): Worker[] {
  const flags = createWakeFlags(deps.connection, deps.prefix);
  // promote() refuses a job that is not delayed (active, waiting, done): nothing to do then.
  const promoteIfDelayed = async (id: number) => {
    const job = await deps.deployments.getJob(jobId('deployment', id));
    await job?.promote().catch(() => undefined);
  };
  // A wake writes its flag, then promotes the job if it sleeps; a job that asks to sleep moves to the
  // delayed set, then takes the flag and promotes itself if it was set. In either order one of the
  // two sees the other's write, so no wake is lost while the job is between the two.
  const wake = async (id: number) => {
    await flags.set(id);
    await promoteIfDelayed(id);
  };
  const run: RunDeps = { ...deps, wake };
  // A killed heaven's jobs are taken over after lockMs; each may be caught by 10 kills before it fails.
  const takeOver = { lockDuration: deps.lockMs, stalledInterval: deps.lockMs, maxStalledCount: 10 };
  const common = {
    connection: deps.connection,
    prefix: deps.prefix,
    logger: deps.log,
    metrics: deps.metrics,
    concurrency: deps.concurrency,
    workerOptions: takeOver,
  };
  const deployments = createJobWorker({
    ...common,
    queue: QUEUES.deployments,
    schema: deploymentJobSchema,
    logContext: (d) => ({ deploymentId: d.deployment.id, deliveryId: d.delivery_id }),
    handle: async (data, { log }) => {
      try {
        await runDeployment(data, { ...run, log });
      } catch (e) {
        if (!(e instanceof RunAgainLater)) throw e;
        const id = data.deployment.id;
        throw new RunAgainLater(e.delayMs, e.reason, async () => {
          if (await flags.take(id)) await promoteIfDelayed(id);
        });
      }
    },
  });
  deployments.on('failed', (job, error) => {
    const final = error instanceof UnrecoverableError || /stalled more than allowable limit/.test(error.message);
    if (!job || error.name === 'DelayedError' || (!final && job.attemptsMade < (job.opts.attempts ?? 1))) return;
    void giveUp(job.data as DeploymentJob, error.message, run).catch((e: unknown) =>
      deps.log.error({ err: e }, 'could not report a failed deployment; the sweep will try again'),
    );
  });
  // The report above runs once, in whichever heaven saw the failure: if GitHub failed then, or that
  // heaven died, the deployment would never show an end. The sweep looks at the newest failed jobs
  // again every longest poll interval (one heaven at a time) and reports those not ended yet.
  const sweep = setInterval(
    () => void sweepFailed(deps, run).catch((e: unknown) => deps.log.warn({ err: e }, 'sweep of failed deployments')),
    deps.tunables.pollMaxMs,
  );
  sweep.unref();
  deployments.on('closing', () => clearInterval(sweep));
  const control = createJobWorker({
    ...common,
    queue: QUEUES.deploymentControl,
    schema: controlJobSchema,
    logContext: (d) => ({ deploymentId: d.deployment_id }),
    handle: (data, { log }) => cancelDeployment(data, { ...run, log }),
  });
  const ciEvents = createJobWorker({
    ...common,
    queue: QUEUES.ciEvents,
    schema: ciEventJobSchema,
    handle: async (data, { log }) => {
      if (data.kind === 'commit-green') return autoDeploy(data, { ...run, log });
      const key = data.kind === 'circleci-workflow' ? data.pipeline_id : String(data.run_id);
      const byTitle = data.kind === 'workflow-run' ? /^deploy (\d+)$/.exec(data.title)?.[1] : undefined;
      const id = (await deps.store.deploymentOfRunOrNote(key)) ?? (byTitle ? Number(byTitle) : null);
      if (id !== null) await wake(id);
      return id;
    },
  });
  return [deployments, control, ciEvents];
}

/** The newest failed deployment jobs whose deployment has not ended: each ends in error with the job's reason. */
export async function sweepFailed(deps: WorkerDeps, run: RunDeps, count = 50): Promise<number> {
  if (
    !(await deps.store.once(
      'sweep-failed',
      String(Math.floor(deps.clock.now() / deps.tunables.pollMaxMs)),
      Math.ceil(deps.tunables.pollMaxMs / 1000),
    ))
  )
    return 0;
  let reported = 0;
  for (const job of await deps.deployments.getFailed(0, count - 1)) {
    const parsed = deploymentJobSchema.safeParse(job.data);
    if (!parsed.success) continue;
    const record = await deps.store.read(parsed.data.deployment.id);
    if (!record || record.phase === 'done') continue;
    try {
      await giveUp(parsed.data, job.failedReason || 'the job failed', run);
      reported += 1;
    } catch (e) {
      deps.log.warn(
        { err: e, deploymentId: parsed.data.deployment.id },
        'could not report a failed deployment; the next sweep will try again',
      );
    }
  }
  return reported;
}

/** The job ran out of attempts: the deployment ends in error with the reason, and the line moves on. */
async function giveUp(job: DeploymentJob, message: string, deps: RunDeps): Promise<void> {
  const run = resolveRun(job, deps);
  if (!run || 'unknownEnvironment' in run) return;
  const record = await deps.store.read(job.deployment.id);
  if (!record || record.phase === 'done') return;
  await finishDeployment(deps, run, record, 'error', `heaven gave up: ${message.replace(/^\[heaven\] /, '')}`);
}
