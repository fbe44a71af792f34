import type { AppsConfig } from '../config/app-config-schema.js';
import { windowOf, type ConfiguredFreeze } from '../config/freeze-schema.js';
import type { AdHocFreeze } from './ad-hoc-freeze.js';
import { occurrenceAround, type Occurrence } from './freeze-window.js';

/** Where a freeze comes from: the config (top level, an app's, an environment's), or chat. */
export type FreezeOrigin =
  | { kind: 'config'; app?: string; environment?: string; environments?: string[] }
  | { kind: 'ad-hoc'; app: string; environment: string | null; by: AdHocFreeze['by'] };

/** One freeze's occurrence that holds, or is the next to: what people are told. */
export type FreezeTime = Occurrence & { reason: string; zone: string; origin: FreezeOrigin };

/**
 * Whether deploys to an app's environment are refused at an instant: `until` is when no freeze
 * holds any more (freezes that overlap or follow on at once count as one); `by` is the freeze that
 * holds longest (its reason and zone are the ones told). `next`: the next one to start, if any.
 */
export type FreezeVerdict =
  | { frozen: true; until: number; by: FreezeTime; holding: FreezeTime[] }
  | { frozen: false; next: FreezeTime | null };

type Rule = {
  reason: string;
  zone: string;
  origin: FreezeOrigin;
  around: (ms: number) => ReturnType<typeof occurrenceAround>;
};

function configured(config: AppsConfig, f: ConfiguredFreeze, origin: FreezeOrigin): Rule {
  const zone = f.time_zone ?? config.defaults.time_zone;
  return { reason: f.reason, zone, origin, around: (ms) => occurrenceAround(windowOf(f), zone, ms) };
}

function adHoc(config: AppsConfig, f: AdHocFreeze): Rule {
  const end = Date.parse(f.until);
  const start = Date.parse(f.at);
  return {
    reason: f.reason,
    zone: config.defaults.time_zone,
    origin: { kind: 'ad-hoc', app: f.app, environment: f.environment, by: f.by },
    // It holds from the moment it was set until it ends (Redis drops it then).
    around: (ms) => (Number.isFinite(end) && end > ms ? { holds: true, occurrence: { start, end } } : null),
  };
}

/** Every freeze of the config and of chat that covers an app's environment. Pure. */
function rulesFor(config: AppsConfig, appName: string, envName: string, adHocs: AdHocFreeze[]): Rule[] {
  const app = config.apps[appName];
  const env = app?.environments[envName];
  if (!app || !env) return [];
  const covers = (f: ConfiguredFreeze) => !f.environments || f.environments.includes(envName);
  return [
    ...config.freezes
      .filter(covers)
      .map((f) => configured(config, f, { kind: 'config', environments: f.environments })),
    ...app.freezes
      .filter(covers)
      .map((f) => configured(config, f, { kind: 'config', app: appName, environments: f.environments })),
    ...env.freezes.map((f) => configured(config, f, { kind: 'config', app: appName, environment: envName })),
    ...adHocs
      .filter((f) => f.app === appName && (f.environment === null || f.environment === envName))
      .map((f) => adHoc(config, f)),
  ];
}

/** Freezes following on at most this many times are followed to find when none holds. */
const MAX_LINKS = 50;

/**
 * Is deploying to `appName`'s `envName` (config names) refused at `nowMs`, by which freeze, until
 * when, and what comes next. The ad-hoc freezes are those of the `FreezeStore` (any app's). Pure.
 */
export function freezeAt(
  config: AppsConfig,
  appName: string,
  envName: string,
  nowMs: number,
  adHocs: AdHocFreeze[] = [],
): FreezeVerdict {
  const rules = rulesFor(config, appName, envName, adHocs);
  const holdingAt = (ms: number): FreezeTime[] =>
    rules.flatMap((r) => {
      const a = r.around(ms);
      return a?.holds ? [{ ...a.occurrence, reason: r.reason, zone: r.zone, origin: r.origin }] : [];
    });
  const holding = holdingAt(nowMs);
  if (holding.length === 0) {
    const next = rules
      .flatMap((r) => {
        const a = r.around(nowMs);
        return a ? [{ ...a.occurrence, reason: r.reason, zone: r.zone, origin: r.origin }] : [];
      })
      .sort((a, b) => a.start - b.start)[0];
    return { frozen: false, next: next ?? null };
  }
  const longest = (times: FreezeTime[]) => times.reduce((a, b) => (b.end > a.end ? b : a));
  let by = longest(holding);
  for (let i = 0; i < MAX_LINKS; i += 1) {
    const after = holdingAt(by.end);
    if (after.length === 0) break;
    by = longest(after);
  }
  return { frozen: true, until: by.end, by, holding };
}

/**
 * Every freeze of the config and of chat (of one app, when given) that holds at `nowMs` or is still
 * to come, with its occurrence (the one that holds, else the next), soonest first. Pure.
 */
export function listFreezes(config: AppsConfig, nowMs: number, adHocs: AdHocFreeze[], appName?: string): FreezeTime[] {
  const global = (f: ConfiguredFreeze) => configured(config, f, { kind: 'config', environments: f.environments });
  const rules: Rule[] = config.freezes.map(global);
  for (const [name, app] of Object.entries(config.apps)) {
    if (appName && name !== appName) continue;
    for (const f of app.freezes)
      rules.push(configured(config, f, { kind: 'config', app: name, environments: f.environments }));
    for (const [envName, env] of Object.entries(app.environments))
      for (const f of env.freezes)
        rules.push(configured(config, f, { kind: 'config', app: name, environment: envName }));
  }
  for (const f of adHocs) if (!appName || f.app === appName) rules.push(adHoc(config, f));
  return rules
    .flatMap((r) => {
      const a = r.around(nowMs);
      return a ? [{ ...a.occurrence, reason: r.reason, zone: r.zone, origin: r.origin }] : [];
    })
    .sort((a, b) => a.start - b.start);
}
