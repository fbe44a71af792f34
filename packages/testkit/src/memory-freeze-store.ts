import type { AdHocFreeze, FreezeStore } from '@chatops/shared/contracts';

/**
 * The shared FreezeStore in memory (for unit tests of the services), with the Redis store's rules:
 * one freeze per app or environment, gone once `clock` passes its end.
 */
export function createMemoryFreezeStore(clock: { now(): number } = { now: () => Date.now() }): FreezeStore {
  const freezes = new Map<string, AdHocFreeze>();
  const key = (app: string, environment: string | null) => `${app}:${environment ?? '*'}`;
  const kept = () => [...freezes.values()].filter((f) => Date.parse(f.until) > clock.now());
  return {
    async set(freeze) {
      freezes.set(key(freeze.app, freeze.environment), freeze);
    },
    async remove(app, environment) {
      const k = key(app, environment);
      const current = freezes.get(k) ?? null;
      freezes.delete(k);
      return current && Date.parse(current.until) > clock.now() ? current : null;
    },
    async list(app) {
      return kept()
        .filter((f) => !app || f.app === app)
        .sort((a, b) => a.until.localeCompare(b.until));
    },
  };
}
