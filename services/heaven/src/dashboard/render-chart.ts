import { escapeHtml } from './render-dashboard.js';

type ChartPoint = { label: string; value: number | null };

export type BarChart = {
  /** Unique on the page (element ids are made from it). */
  id: string;
  title: string;
  /** One sentence saying what the bars are. */
  desc: string;
  points: ChartPoint[];
  /** How a value is written (axis, table, labels). */
  format: (value: number) => string;
};

const W = 320;
const H = 160;
const PAD = { left: 8, right: 8, top: 18, bottom: 22 };
/** Bars and text at ≥ 4.5:1 on white. */
const BAR = '#0550ae';
const INK = '#1f2328';

/**
 * A bar chart as SVG, drawn on the server (no script, no library): role="img" named by its <title>
 * and described by its <desc>, each bar with its own <title> (a tooltip), and the same data as a
 * table for screen readers and for reading the figures. Missing values are drawn as no bar. Pure.
 */
export function renderBarChart(chart: BarChart): string {
  const ids = { title: `${chart.id}-title`, desc: `${chart.id}-desc` };
  const values = chart.points.map((p) => p.value ?? 0);
  const max = Math.max(...values, 0);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = chart.points.length ? plotW / chart.points.length : plotW;
  const barW = Math.max(1, step * 0.7);
  const bars = chart.points
    .map((p, i) => {
      const h = max > 0 && p.value !== null ? (p.value / max) * plotH : 0;
      const x = PAD.left + i * step + (step - barW) / 2;
      const y = PAD.top + plotH - h;
      const shown = p.value === null ? 'no data' : chart.format(p.value);
      return (
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" ` +
        `fill="${BAR}"><title>${escapeHtml(`${p.label}: ${shown}`)}</title></rect>`
      );
    })
    .join('');
  const first = chart.points[0]?.label ?? '';
  const last = chart.points.at(-1)?.label ?? '';
  const axis =
    `<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${W - PAD.right}" y2="${PAD.top + plotH}" stroke="${INK}"/>` +
    `<text x="${PAD.left}" y="${H - 6}" fill="${INK}" font-size="11">${escapeHtml(first)}</text>` +
    `<text x="${W - PAD.right}" y="${H - 6}" fill="${INK}" font-size="11" text-anchor="end">` +
    `${escapeHtml(last)}</text>` +
    `<text x="${PAD.left}" y="12" fill="${INK}" font-size="11">max ${escapeHtml(chart.format(max))}</text>`;
  const rows = chart.points
    .map(
      (p) =>
        `<tr><th scope="row">${escapeHtml(p.label)}</th>` +
        `<td>${escapeHtml(p.value === null ? 'no data' : chart.format(p.value))}</td></tr>`,
    )
    .join('');
  return (
    `<figure class="chart" id="${escapeHtml(chart.id)}">` +
    `<figcaption>${escapeHtml(chart.title)}</figcaption>` +
    `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(chart.title)}" ` +
    `aria-labelledby="${escapeHtml(ids.title)} ${escapeHtml(ids.desc)}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${escapeHtml(ids.title)}">${escapeHtml(chart.title)}</title>` +
    `<desc id="${escapeHtml(ids.desc)}">${escapeHtml(chart.desc)}</desc>${axis}${bars}</svg>` +
    `<details><summary>${escapeHtml(chart.title)}: the data</summary><div class="scroll"><table>` +
    `<thead><tr><th scope="col">period</th><th scope="col">value</th></tr></thead><tbody>${rows}</tbody>` +
    '</table></div></details></figure>'
  );
}
