import type { AppView, DashboardView, EnvironmentView, LiveDeployment } from './dashboard-view.js';
import type { HistoryEntry } from '../ports.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes text for element content and quoted attributes. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A link only to an http(s) address; anything else is shown as text. */
export function link(href: string | null | undefined, text: string): string {
  if (!href || !/^https?:\/\//i.test(href)) return escapeHtml(text);
  return `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
}

/** A ref in a URL path: each segment encoded, the slashes kept (GitHub's /tree/feat/x). */
const refPath = (ref: string) => ref.split('/').map(encodeURIComponent).join('/');

const time = (ms: number | null) =>
  ms === null ? '' : `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`;

/** The page's style sheet (two lines in the page). */
const STYLE =
  'body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse;margin:.5rem 0 1.5rem}' +
  'td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}\n' +
  '.success{color:#1a7f37}.failure,.error{color:#cf222e}.lock{color:#9a6700}h3{margin-bottom:.25rem}';

const HISTORY_HEAD =
  '<thead><tr><th>id</th><th>ref</th><th>outcome</th><th>description</th>' +
  '<th>by</th><th>finished</th><th>log</th></tr></thead>';

/** The whole page: server-rendered, every value escaped, reloads itself every `refreshS` seconds. */
export function renderDashboard(view: DashboardView, refreshS = 10): string {
  const updated =
    `<p>Updated ${escapeHtml(time(view.generatedAt))}; this page refreshes every ${refreshS} s. ` +
    '<a href="admin/queues">Queues</a></p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${refreshS}">
<title>chatops deployments</title>
<style>${STYLE}</style></head>
<body><h1>chatops deployments</h1>
${updated}
${view.apps.map((a) => renderApp(a, view.github)).join('\n')}
</body></html>`;
}

function renderApp(app: AppView, github: string): string {
  const repo = `${github}/${app.repository}`;
  return (
    `<section class="app" data-app="${escapeHtml(app.app)}">` +
    `<h2>${escapeHtml(app.app)} (${link(`${repo}/deployments`, app.repository)})</h2>
${app.environments.map((e) => renderEnvironment(e, repo)).join('\n')}</section>`
  );
}

function renderEnvironment(env: EnvironmentView, repo: string): string {
  const lock = env.lock
    ? `<p class="lock">Locked by ${escapeHtml(env.lock.holder.name || env.lock.holder.slack_user_id)} ` +
      `since ${escapeHtml(env.lock.locked_at)}${env.lock.reason ? `: ${escapeHtml(env.lock.reason)}` : ''}</p>`
    : '<p>Not locked</p>';
  const running = env.running ? `<p class="running">Running: ${live(env.running, repo)}</p>` : '<p>Nothing running</p>';
  const waiting = env.waiting.length
    ? `<p class="waiting">Waiting: ${env.waiting.map((d) => live(d, repo)).join(', ')}</p>`
    : '<p>No one waiting</p>';
  return (
    `<div class="environment" data-environment="${escapeHtml(env.environment)}">` +
    `<h3>${escapeHtml(env.environment)}</h3>
${lock}${running}${waiting}${renderHistory(env.history, repo)}</div>`
  );
}

function live(d: LiveDeployment, repo: string): string {
  const since = d.startedAt ? ` since ${escapeHtml(time(d.startedAt))}` : '';
  const log = d.logUrl ? ` (${link(d.logUrl, 'log')})` : '';
  return `#${d.id} ${link(`${repo}/tree/${refPath(d.ref)}`, d.ref)}${since}${log}`;
}

function renderHistory(history: HistoryEntry[], repo: string): string {
  if (history.length === 0) return '<p>No finished deployments yet</p>';
  const rows = history.map(
    (h) =>
      `<tr><td>#${h.id}</td><td>${link(`${repo}/tree/${refPath(h.ref)}`, h.ref)}</td>` +
      `<td class="${escapeHtml(h.outcome)}">${escapeHtml(h.outcome)}</td>` +
      `<td>${escapeHtml(h.description)}</td><td>${escapeHtml(h.requester ?? '')}</td>` +
      `<td>${escapeHtml(time(h.finishedAt))}</td><td>${link(h.logUrl, h.logUrl ? 'log' : '')}</td></tr>`,
  );
  return `<table class="history">${HISTORY_HEAD}<tbody>${rows.join('')}</tbody></table>`;
}
