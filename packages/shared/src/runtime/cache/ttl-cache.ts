/**
 * Answers kept briefly in memory, per process: `get` resolves a key with `load` at most once per
 * `ttlMs` (concurrent asks for one key share one load), keeps only what `keep` accepts (not
 * failures, not empty answers), and holds at most `max` keys (all dropped when full).
 */
export type TtlCache<V> = { get(key: string, load: () => Promise<V>): Promise<V> };

export function createTtlCache<V>(options: {
  ttlMs: number;
  max?: number;
  now?: () => number;
  keep?: (value: V) => boolean;
}): TtlCache<V> {
  const { ttlMs, max = 10_000, now = Date.now, keep = () => true } = options;
  const values = new Map<string, { value: V; until: number }>();
  const pending = new Map<string, Promise<V>>();
  return {
    get(key, load) {
      const known = values.get(key);
      if (known && known.until > now()) return Promise.resolve(known.value);
      const asking = pending.get(key);
      if (asking) return asking;
      const ask = load()
        .then((value) => {
          if (keep(value)) {
            if (values.size >= max) values.clear();
            values.set(key, { value, until: now() + ttlMs });
          }
          return value;
        })
        .finally(() => pending.delete(key));
      pending.set(key, ask);
      return ask;
    },
  };
}
