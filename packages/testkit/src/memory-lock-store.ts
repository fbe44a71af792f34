import type { EnvironmentLock, LockStore } from '@chatops/shared/contracts';

/** The shared LockStore in memory, one lock per repository and environment (for unit tests of the services). */
export function createMemoryLockStore(): LockStore {
  const locks = new Map<string, EnvironmentLock>();
  const key = (repository: string, environment: string) => `${repository.toLowerCase()}:${environment}`;
  return {
    async acquire(lock) {
      const current = locks.get(key(lock.repository, lock.environment));
      if (current) return { acquired: false, current };
      locks.set(key(lock.repository, lock.environment), lock);
      return { acquired: true };
    },
    async get(repository, environment) {
      return locks.get(key(repository, environment)) ?? null;
    },
    async release(repository, environment) {
      const current = locks.get(key(repository, environment)) ?? null;
      locks.delete(key(repository, environment));
      return current;
    },
    async list() {
      return [...locks.values()];
    },
  };
}
