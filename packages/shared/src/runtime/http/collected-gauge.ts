import { Gauge } from 'prom-client';
import type { Metrics } from './metrics.js';

export type GaugeSample<L extends string> = { labels: Record<L, string>; value: number };

/**
 * A gauge whose samples are read at each scrape of /metrics (`read`; cache it if it is costly). The
 * samples replace the previous scrape's, so a label set that is gone disappears. A failed read leaves
 * the gauge empty for that scrape.
 */
export function registerCollectedGauge<L extends string>(
  metrics: Pick<Metrics, 'registry'>,
  def: { name: string; help: string; labelNames: readonly L[]; read: () => Promise<Array<GaugeSample<L>>> },
): void {
  new Gauge<L>({
    name: def.name,
    help: def.help,
    labelNames: def.labelNames,
    registers: [metrics.registry],
    async collect() {
      this.reset();
      const samples = await def.read().catch(() => []);
      for (const s of samples) this.set(s.labels as Partial<Record<L, string>>, s.value);
    },
  });
}
