import type { CiRun, HistoryEntry, RunRecord, RunStore } from '../../src/ports.js';

/**
 * RunStore in memory, with the semantics of the Redis one (stores/run-store.ts): one record per
 * deployment, lines in id order, one runner per line, news noted before a run is saved.
 */
export function createMemoryRunStore() {
  const records = new Map<number, RunRecord>();
  const lines = new Map<string, Set<number>>();
  const runners = new Map<string, number>();
  const runs = new Map<string, number>();
  const news = new Set<string>();
  const histories = new Map<string, HistoryEntry[]>();
  const activity = new Map<string, number>();
  let tick = 0;
  const lineOf = (line: string) => {
    const set = lines.get(line) ?? new Set<number>();
    lines.set(line, set);
    return set;
  };
  const sorted = (line: string) => [...lineOf(line)].sort((a, b) => a - b);
  const copy = (r: RunRecord | undefined) => (r ? { ...r } : null);
  const update = (id: number, change: Partial<RunRecord>) => {
    const r = records.get(id);
    if (r) Object.assign(r, change);
  };
  const store = {
    async read(id) {
      return copy(records.get(id));
    },
    async enter(id, line, ref) {
      if (!records.has(id)) {
        records.set(id, {
          id,
          line,
          phase: 'waiting',
          claimed: false,
          run: null,
          startedAt: null,
          progressAt: null,
          polls: 0,
          lastStatus: null,
          pendingStatus: null,
          cancel: null,
          ref,
        });
        lineOf(line).add(id);
        activity.set(line, ++tick);
      }
      return copy(records.get(id))!;
    },
    async tryStart(id, line) {
      const holder = runners.get(line);
      if (holder === id) return { started: true };
      if (holder !== undefined) return { started: false, ahead: holder };
      const [first] = sorted(line);
      if (first !== id) return { started: false, ahead: first ?? 0 };
      runners.set(line, id);
      update(id, { phase: 'running' });
      return { started: true };
    },
    async runner(line) {
      return runners.get(line) ?? null;
    },
    async clearRunner(line, id) {
      if (runners.get(line) === id) runners.delete(line);
    },
    async claimTrigger(id) {
      const r = records.get(id);
      if (!r || r.claimed) return false;
      r.claimed = true;
      return true;
    },
    async unclaimTrigger(id) {
      update(id, { claimed: false });
    },
    async saveRun(id, run: CiRun, nowMs, keys) {
      update(id, { run, startedAt: nowMs, progressAt: nowMs });
      let came = false;
      for (const key of keys) {
        runs.set(key, id);
        if (news.delete(key)) came = true;
      }
      return came;
    },
    async progress(id, nowMs) {
      const r = records.get(id);
      if (r) Object.assign(r, { progressAt: nowMs, polls: r.polls + 1 });
    },
    async setLastStatus(id, status) {
      update(id, { lastStatus: status });
    },
    async setPendingStatus(id, status) {
      update(id, { pendingStatus: status });
    },
    async requestCancel(id, by) {
      update(id, { cancel: by });
    },
    async deploymentOfRunOrNote(key) {
      news.add(key);
      return runs.get(key) ?? null;
    },
    async members(line, limit = 1000) {
      return sorted(line).slice(0, limit);
    },
    async leaveLine(id, line) {
      lineOf(line).delete(id);
    },
    async finish(id, line) {
      update(id, { phase: 'done' });
      lineOf(line).delete(id);
      if (runners.get(line) === id) runners.delete(line);
    },
    async lines(limit) {
      return [...activity.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, limit)
        .map(([line]) => line);
    },
    async addHistory(line, entry) {
      histories.set(line, [entry, ...(histories.get(line) ?? [])].slice(0, 20));
      activity.set(line, ++tick);
    },
    async history(line) {
      return histories.get(line) ?? [];
    },
  } satisfies RunStore;
  return { store, records, runners, lines: (line: string) => sorted(line) };
}
