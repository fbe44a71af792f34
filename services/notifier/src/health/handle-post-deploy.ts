import type { AppsConfig, HealthCheckJob } from '@chatops/shared/contracts';
import { RunAgainLater, SlackMessageGoneError, type Logger } from '@chatops/shared/runtime';
import type { DeploymentSession, DeploymentSessions, HealthProbe, ProbeTries, SlackPort } from '../ports.js';
import { buttonsOnRecord } from '../deployments/keep-buttons.js';
import { offeredButtons } from '../deployments/offered-buttons.js';
import type { GithubLinks } from '../render/github-links.js';
import { renderDeploymentMessage } from '../render/render-deployment-message.js';
import { probeVerdict } from './probe-verdict.js';
import { resolveHealthTarget } from './resolve-health-target.js';

export type PostDeployDeps = {
  config: AppsConfig;
  slack: SlackPort;
  probe: HealthProbe;
  /** The deployment's lock and message state (the same lock as its status jobs'). */
  sessions: DeploymentSessions;
  links: GithubLinks;
  tries: ProbeTries;
  attempts: number;
  intervalMs: number;
};

/**
 * After a successful deployment: a few probes over a short window, and the verdict in its message.
 * Between tries the job is delayed (not slept on), so a worker is never held and shutdown is quick.
 */
export async function handlePostDeploy(job: HealthCheckJob, deps: PostDeployDeps, log: Logger): Promise<void> {
  const target = resolveHealthTarget(deps.config, job.app, job.environment);
  if (!target.ok || !job.deployment_id) {
    log.warn(`post-deploy probe skipped: ${target.ok ? 'no deployment_id' : target.error}`);
    return;
  }
  const id = job.deployment_id;
  const tries = await deps.tries.next(id);
  const result = await deps.probe.probe(target.value.url);
  if (!result.healthy && tries < deps.attempts)
    throw new RunAgainLater(deps.intervalMs, `probe ${tries} of ${deps.attempts} unhealthy`);
  const verdict = result.healthy || tries === 1 ? probeVerdict(result) : `${probeVerdict(result)} (${tries} tries)`;
  const session = await deps.sessions.open(id);
  if (!session) throw new RunAgainLater(250, `deployment ${id} is being shown by another job`);
  try {
    await showVerdict(session, { healthy: result.healthy, text: verdict }, deps, log);
  } finally {
    // The state was flushed before Slack was called: the release only frees the lock (which
    // expires by itself if this does not reach Redis).
    await session.release().catch(() => undefined);
  }
}

async function showVerdict(
  session: DeploymentSession,
  health: { healthy: boolean; text: string },
  deps: PostDeployDeps,
  log: Logger,
): Promise<void> {
  const { state, ref } = session;
  if (!state || !ref) return;
  state.view = { ...state.view, health };
  session.saveState(state);
  await session.flush();
  try {
    const buttons = buttonsOnRecord(state, offeredButtons(state.view, deps.config));
    await deps.slack.updateMessage(ref, renderDeploymentMessage(state.view, deps.links, buttons));
  } catch (e) {
    if (!(e instanceof SlackMessageGoneError)) throw e;
    log.warn('the deployment message is gone; the health verdict is not shown');
  }
}
