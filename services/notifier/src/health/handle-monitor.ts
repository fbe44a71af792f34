import type { AppsConfig, HealthCheckJob } from '@chatops/shared/contracts';
import type { Logger, Metrics } from '@chatops/shared/runtime';
import type { Clock, HealthProbe, KeyLock, MonitorStateStore, SlackPort } from '../ports.js';
import { renderHealthAlert } from '../render/render-health-alert.js';
import { nextMonitorState, type MonitorPolicy } from './monitor-transition.js';
import { resolveHealthTarget } from './resolve-health-target.js';

export type MonitorDeps = {
  config: AppsConfig;
  slack: SlackPort;
  probe: HealthProbe;
  monitors: MonitorStateStore;
  lock: KeyLock;
  policy: MonitorPolicy;
  clock: Clock;
  /** chatops_health_check_up{app,environment}: 1 up, 0 down (GET /metrics). */
  metrics?: Metrics;
};

/**
 * One run of an environment's monitor: probe, move the state, alert on a change. The state is
 * saved only after the alert is sent, so a failed post is retried, never lost. A run that finds
 * another still going skips its turn.
 */
export async function handleMonitor(job: HealthCheckJob, deps: MonitorDeps, log: Logger): Promise<void> {
  const target = resolveHealthTarget(deps.config, job.app, job.environment);
  if (!target.ok) {
    log.warn(`monitor skipped: ${target.error}`);
    return;
  }
  const { app, environment, channel } = target.value;
  const run = await deps.lock.run(`monitor-${app}-${environment}`, async () => {
    const result = await deps.probe.probe(target.value.url);
    const prev = await deps.monitors.get(app, environment);
    const now = deps.clock.now();
    const { state, alert } = nextMonitorState(prev, result, deps.policy, now);
    if (alert) {
      if (!channel) log.warn(`${app} ${environment} is ${alert} but no channel is configured for it`);
      else await deps.slack.postMessage(channel, renderHealthAlert(target.value, alert, result, prev, now));
      log.info({ app, environment, alert, status: result.status }, `health ${alert}`);
    }
    await deps.monitors.save(app, environment, state);
    deps.metrics?.healthCheckState.set({ app, environment }, state.status === 'up' ? 1 : 0);
  });
  if (!run.acquired) log.debug('monitor already running for this environment; skipping this turn');
}
