import type { AppsConfig, DeploymentRecordStore, DoraOptions, DoraReport } from '@chatops/shared/contracts';
import {
  createTtlCache,
  readDoraReports,
  registerCollectedGauge,
  type GaugeSample,
  type Metrics,
} from '@chatops/shared/runtime';

type Label = 'app' | 'environment' | 'window';

/** How long one reading of the figures serves the scrapes (each reads the records of every environment). */
const CACHE_MS = 60_000;

export type DoraGaugeSources = {
  apps: AppsConfig;
  records: Pick<DeploymentRecordStore, 'list'>;
  now: () => number;
  settings: Pick<DoraOptions, 'failureWindowMs' | 'fixRef'>;
};

/** The gauges and which figure of a report each shows (no sample where nothing was measured). */
const GAUGES: Array<{ name: string; help: string; value: (r: DoraReport) => number | null }> = [
  {
    name: 'chatops_dora_deployments_per_day',
    help: 'Deployment frequency: successful deployments per day over the window (7d, 30d, 90d)',
    value: (r) => r.current.perDay,
  },
  {
    name: 'chatops_dora_lead_time_median_seconds',
    help: 'Lead time for changes: median of commit (committer date) to its successful production deployment',
    value: (r) => r.current.leadTime.medianS,
  },
  {
    name: 'chatops_dora_lead_time_p90_seconds',
    help: 'Lead time for changes: 90th percentile',
    value: (r) => r.current.leadTime.p90S,
  },
  {
    name: 'chatops_dora_change_failure_rate',
    help: 'Change failure rate (0 to 1): deployments that failed or were rolled back or fixed, over those that ran',
    value: (r) => r.current.changeFailure.rate,
  },
  {
    name: 'chatops_dora_recovery_time_median_seconds',
    help: 'Failed deployment recovery time: median of a failure or rollback to the next success',
    value: (r) => r.current.recovery.medianS,
  },
  {
    name: 'chatops_dora_open_failures',
    help: 'Failures (or rollbacks) not followed by a success yet (however long ago they started)',
    value: (r) => r.current.recovery.open,
  },
];

/**
 * The four DORA figures on /metrics per configured app, environment and window (a label set bounded by
 * the config: apps × environments × 3), read from the deployment records at a scrape at most once a
 * minute.
 */
export function registerDoraGauges(metrics: Pick<Metrics, 'registry'>, sources: DoraGaugeSources): void {
  const cache = createTtlCache<DoraReport[]>({ ttlMs: CACHE_MS, max: 1, now: sources.now });
  const reports = () => cache.get('all', () => readAll(sources, sources.now()));
  for (const gauge of GAUGES) {
    registerCollectedGauge<Label>(metrics, {
      name: gauge.name,
      help: gauge.help,
      labelNames: ['app', 'environment', 'window'],
      read: async () =>
        (await reports()).flatMap((r): Array<GaugeSample<Label>> => {
          const value = gauge.value(r);
          if (value === null) return [];
          return [{ labels: { app: r.app, environment: r.environment, window: `${r.windowDays}d` }, value }];
        }),
    });
  }
}

async function readAll(sources: DoraGaugeSources, now: number): Promise<DoraReport[]> {
  const pairs = Object.entries(sources.apps.apps).flatMap(([app, config]) =>
    Object.keys(config.environments).map((environment) => ({ app, environment })),
  );
  const all = await Promise.all(pairs.map((p) => readDoraReports(sources.records, { ...p, now, ...sources.settings })));
  return all.flat();
}
