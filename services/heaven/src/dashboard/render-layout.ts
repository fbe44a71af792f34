import { liveScript } from './live-script.js';
import { escapeHtml } from './render-dashboard.js';

/** The style sheet: colours at ≥ 4.5:1 on white, focus visible, tables that scroll on a phone. */
const STYLE = `
:root{color:#1f2328;background:#fff;font-family:system-ui,sans-serif;line-height:1.4}
body{margin:0 auto;padding:1rem;max-width:72rem}
a{color:#0550ae}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible
{outline:3px solid #0550ae;outline-offset:2px}
nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1rem}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}
td,th{border:1px solid #8c959f;padding:.25rem .5rem;text-align:left;vertical-align:top}
.success{color:#116329}.failure,.error{color:#a40e26}.lock,.freeze{color:#7d4e00}.muted{color:#57606a}
h3{margin:.25rem 0}h4{margin:.75rem 0 .25rem}p{margin:.3rem 0}
.envs{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,24rem),1fr));gap:1rem}
.environment,.dora{border:1px solid #8c959f;border-radius:6px;padding:.75rem;min-width:0}
.dora{margin-bottom:1rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dl.facts dd{margin:0}
dl.facts dt{font-weight:600}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}
figure{margin:0}svg{max-width:100%;height:auto}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end}
form.filters label{display:flex;flex-direction:column;font-size:.9rem}
input,select,button{font:inherit;padding:.25rem}
ol.timeline{padding-left:1.25rem}
@media (max-width:30rem){body{padding:.5rem}h1{font-size:1.4rem}td,th{padding:.2rem .3rem}}
`;

export type Page = {
  title: string;
  /** A fresh random value per response, also in the CSP header. */
  nonce: string;
  refreshS: number;
  body: string;
  generatedAt: number;
  /** Only the parts the live script swaps in (no head, style or script): its own fetches. */
  partial?: boolean;
};

const NAV =
  '<nav aria-label="dashboard"><ul><li><a href="/dashboard">Environments</a></li>' +
  '<li><a href="/dashboard/history">History</a></li><li><a href="/admin/queues">Queues</a></li></ul></nav>';

/** The page around a view: readable without JavaScript; with it, live (see live-script.ts). */
export function renderPage(page: Page): string {
  const nonce = escapeHtml(page.nonce);
  const updated = `${new Date(page.generatedAt).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
  const parts = `<p id="updated" data-live class="muted">Updated ${escapeHtml(updated)}</p></header>
<main>
${page.body}
</main>`;
  if (page.partial) return `<!doctype html>\n<html lang="en"><body><header>${parts}</body></html>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<noscript><meta http-equiv="refresh" content="${page.refreshS}"></noscript>
<title>${escapeHtml(page.title)}</title>
<style nonce="${nonce}">${STYLE}</style></head>
<body><header><h1>${escapeHtml(page.title)}</h1>${NAV}
${parts}
<script nonce="${nonce}">${liveScript(page.refreshS)}</script>
</body></html>`;
}

/** The Content-Security-Policy of a page: its own nonced style and script, same-origin fetches only. */
export function pagePolicy(nonce: string): string {
  return (
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; ` +
    "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
  );
}
