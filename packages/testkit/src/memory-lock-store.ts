import {
  isLock,
  lockInForce,
  lockOfWaiter,
  type EnvironmentLock,
  type LockStore,
  type LockWaiter,
} from '@chatops/shared/contracts';

/**
 * The shared LockStore in memory, one lock and one waiting list per repository and environment (for unit
 * tests of the services), with the Redis store's rules; `clock` decides whether a lock's time is over.
 */
export function createMemoryLockStore(clock: { now(): number } = { now: () => Date.now() }): LockStore {
  const locks = new Map<string, EnvironmentLock>();
  const lists = new Map<string, LockWaiter[]>();
  const key = (repository: string, environment: string) => `${repository.toLowerCase()}:${environment}`;
  const listOf = (k: string) => lists.get(k) ?? [];
  const store: LockStore = {
    async lockOrWait(lock, waiter, maxWaiting) {
      const k = key(lock.repository, lock.environment);
      const userId = lock.holder.slack_user_id;
      const current = locks.get(k) ?? null;
      const inForce = current !== null && lockInForce(current, clock.now());
      if (inForce && current.holder.slack_user_id === userId) return { kind: 'holding', current };
      if (!current) lists.delete(k);
      const list = listOf(k);
      if (!current || (!inForce && list.length === 0)) {
        locks.set(k, lock);
        return { kind: 'acquired' };
      }
      const at = list.findIndex((w) => w.holder.slack_user_id === userId);
      if (at >= 0) return { kind: 'waiting', current, place: at + 1, joined: false };
      if (list.length >= maxWaiting) return { kind: 'full', current, waiting: list.length };
      lists.set(k, [...list, waiter]);
      return { kind: 'waiting', current, place: list.length + 1, joined: true };
    },
    async acquire(lock) {
      const waiter = { holder: lock.holder, reason: lock.reason, joined_at: lock.locked_at };
      const result = await store.lockOrWait(lock, waiter, 0);
      return result.kind === 'acquired' ? { acquired: true } : { acquired: false, current: result.current };
    },
    async get(repository, environment) {
      const lock = locks.get(key(repository, environment)) ?? null;
      return lock && lockInForce(lock, clock.now()) ? lock : null;
    },
    async peek(repository, environment) {
      return locks.get(key(repository, environment)) ?? null;
    },
    async release(repository, environment) {
      const k = key(repository, environment);
      const current = locks.get(k) ?? null;
      locks.delete(k);
      lists.delete(k);
      return current;
    },
    async list() {
      const now = clock.now();
      return [...locks.values()]
        .filter((l) => lockInForce(l, now))
        .sort((a, b) => a.locked_at.localeCompare(b.locked_at));
    },
    async handOver(repository, environment, id, endedBy) {
      const k = key(repository, environment);
      const lock = locks.get(k) ?? null;
      if (!lock || !isLock(lock, id)) return { ended: false };
      const [waiter, ...rest] = listOf(k);
      lists.set(k, rest);
      if (!waiter) {
        locks.delete(k);
        return { ended: true, next: null };
      }
      const next = lockOfWaiter(lock, waiter, clock.now(), endedBy);
      locks.set(k, next);
      return { ended: true, next };
    },
    async leave(repository, environment, userId) {
      const k = key(repository, environment);
      const list = listOf(k);
      const rest = list.filter((w) => w.holder.slack_user_id !== userId);
      lists.set(k, rest);
      return rest.length < list.length;
    },
    async waiting(repository, environment) {
      return [...listOf(key(repository, environment))];
    },
  };
  return store;
}
