import type { HeldAutoDeploy, HeldAutoDeploys } from '../../src/ports.js';

/** HeldAutoDeploys in memory (lifetimes are not kept: a test never outlives them). */
export function createMemoryHeldAutoDeploys() {
  const held = new Map<string, HeldAutoDeploy>();
  const field = (repository: string, environment: string) => `${repository.toLowerCase()}:${environment}`;
  return {
    held,
    store: {
      async hold(h) {
        held.set(field(h.repository, h.environment), h);
      },
      async list() {
        return [...held.values()];
      },
      async take(repository, environment) {
        return held.delete(field(repository, environment));
      },
    } satisfies HeldAutoDeploys,
  };
}
