import type { AppsConfig, HealthCheckJob } from '@chatops/shared/contracts';
import type { Logger, Metrics } from '@chatops/shared/runtime';
import type { Redis } from 'ioredis';
import type { HealthProbe, SlackPort } from '../ports.js';
import { renderHealthAlert } from '../render/render-health-alert.js';
import type { KeyLock } from '../stores/key-lock.js';
import { monitorStateSchema, nextMonitorState, type MonitorPolicy, type MonitorState } from './monitor-transition.js';
import { resolveHealthTarget } from './resolve-health-target.js';

export type MonitorDeps = {
  config: AppsConfig;
  slack: SlackPort;
  probe: HealthProbe;
  redis: Redis;
  prefix: string;
  lock: KeyLock;
  policy: MonitorPolicy;
  now: () => number;
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
    log.warn(`[notifier] monitor skipped: ${target.error}`);
    return;
  }
  const key = `${deps.prefix}:notifier:monitor:${target.value.app}:${target.value.environment}`;
  const run = await deps.lock.run(`monitor-${target.value.app}-${target.value.environment}`, async () => {
    const result = await deps.probe.probe(target.value.url);
    const prev = readState(await deps.redis.get(key));
    const now = deps.now();
    const { state, alert } = nextMonitorState(prev, result, deps.policy, now);
    if (alert) {
      if (!target.value.channel)
        log.warn(
          `[notifier] ${target.value.app} ${target.value.environment} is ${alert} but no channel is configured for it`,
        );
      else
        await deps.slack.postMessage(target.value.channel, renderHealthAlert(target.value, alert, result, prev, now));
      log.info(
        { app: target.value.app, environment: target.value.environment, alert, status: result.status },
        `health ${alert}`,
      );
    }
    await deps.redis.set(key, JSON.stringify(state), 'EX', 30 * 24 * 3600);
    deps.metrics?.healthCheckState.set(
      { app: target.value.app, environment: target.value.environment },
      state.status === 'up' ? 1 : 0,
    );
  });
  if (!run.acquired) log.debug('monitor already running for this environment; skipping this turn');
}

function readState(raw: string | null): MonitorState | null {
  if (!raw) return null;
  const parsed = monitorStateSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}
