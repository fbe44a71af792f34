import type { FreezeTime } from '@chatops/shared/contracts';
import type { HistoryEntry } from '../ports.js';
import type { AppView, DashboardView, EnvironmentView, LiveDeployment } from './dashboard-view.js';

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
export const refPath = (ref: string) => ref.split('/').map(encodeURIComponent).join('/');

/** An element id from outside names: only [A-Za-z0-9_-] kept, each other character as its code. */
export const domId = (...parts: string[]) =>
  parts.map((p) => p.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}`)).join('--');

/** An ISO time as `YYYY-MM-DD HH:MM:SS UTC` (not escaped); empty for none. */
export const isoWhen = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : '');

const time = (ms: number | null) =>
  ms === null ? '' : `${new Date(ms).toISOString().replace('T', ' ').slice(0, 19)} UTC`;

/** A link to the dashboard's own page of a deployment. */
export const deploymentLink = (id: number) => `<a href="/dashboard/deployments/${id}">#${id}</a>`;

const HISTORY_HEAD =
  '<thead><tr><th scope="col">id</th><th scope="col">ref</th><th scope="col">outcome</th>' +
  '<th scope="col">description</th><th scope="col">by</th><th scope="col">finished</th>' +
  '<th scope="col">log</th></tr></thead>';

/** The overview's main part: each app and environment (a live fragment each), then `extra` (charts). */
export function renderDashboard(view: DashboardView, extra = ''): string {
  return `${view.apps.map((a) => renderApp(a, view.github)).join('\n')}\n${extra}`;
}

function renderApp(app: AppView, github: string): string {
  const repo = `${github}/${app.repository}`;
  return (
    `<section class="app" data-app="${escapeHtml(app.app)}" aria-labelledby="${domId('app', app.app)}">` +
    `<h2 id="${domId('app', app.app)}">${escapeHtml(app.app)} (${link(`${repo}/deployments`, app.repository)})</h2>
<div class="envs">${app.environments.map((e) => renderEnvironment(app.app, e, repo)).join('\n')}</div></section>`
  );
}

function renderEnvironment(app: string, env: EnvironmentView, repo: string): string {
  const lock = env.lock
    ? `<p class="lock">Locked by ${escapeHtml(env.lock.holder.name || env.lock.holder.slack_user_id)} ` +
      `since ${escapeHtml(env.lock.locked_at)}${env.lock.reason ? `: ${escapeHtml(env.lock.reason)}` : ''}` +
      `${env.lock.expires_at ? ` (until ${escapeHtml(env.lock.expires_at)})` : ''}</p>`
    : '<p>Not locked</p>';
  const lockLine = env.lockLine.length
    ? `<p class="lock-line">Waiting for the lock: ${env.lockLine
        .map((w, i) => `${i + 1}. ${escapeHtml(w.holder.name || w.holder.slack_user_id)}`)
        .join(', ')}</p>`
    : '';
  const running = env.running ? `<p class="running">Running: ${live(env.running, repo)}</p>` : '<p>Nothing running</p>';
  const waiting = env.waiting.length
    ? `<p class="waiting">Waiting: ${env.waiting.map((d) => live(d, repo)).join(', ')}</p>`
    : '<p>No one waiting</p>';
  const deployed = env.deployed
    ? `<p class="deployed">Deployed: ${deploymentLink(env.deployed.id)} ` +
      `${link(`${repo}/tree/${refPath(env.deployed.ref)}`, env.deployed.ref)} ` +
      `(${link(`${repo}/commit/${encodeURIComponent(env.deployed.sha)}`, env.deployed.sha.slice(0, 7))}) ` +
      `at ${escapeHtml(time(env.deployed.finishedAt))}` +
      `${env.deployed.requester ? ` by ${escapeHtml(env.deployed.requester)}` : ''}</p>`
    : '<p class="deployed muted">No successful deployment recorded</p>';
  const id = domId('env', app, env.environment);
  const filters = `app=${encodeURIComponent(app)}&amp;environment=${encodeURIComponent(env.environment)}`;
  const history = `<a href="/dashboard/history?${filters}">all</a>`;
  return (
    `<div class="environment" id="${id}" data-live data-environment="${escapeHtml(env.environment)}">` +
    `<h3>${escapeHtml(env.environment)}</h3>
${deployed}${lock}${lockLine}${renderFreezes(env.freezes)}${running}${waiting}
<h4>Last deployments (${history})</h4>${renderHistoryTable(env.history.slice(0, 5), repo)}</div>`
  );
}

function renderFreezes(freezes: FreezeTime[]): string {
  if (freezes.length === 0) return '';
  const item = (f: FreezeTime) =>
    `<li>${escapeHtml(time(f.start))} – ${escapeHtml(time(f.end))}: ${escapeHtml(f.reason)}` +
    `${f.origin.kind === 'ad-hoc' ? ` (by ${escapeHtml(f.origin.by.name || f.origin.by.slack_user_id)})` : ''}</li>`;
  return `<div class="freeze"><p>Freezes:</p><ul>${freezes.slice(0, 5).map(item).join('')}</ul></div>`;
}

function live(d: LiveDeployment, repo: string): string {
  const since = d.startedAt ? ` since ${escapeHtml(time(d.startedAt))}` : '';
  const log = d.logUrl ? ` (${link(d.logUrl, 'log')})` : '';
  return `${deploymentLink(d.id)} ${link(`${repo}/tree/${refPath(d.ref)}`, d.ref)}${since}${log}`;
}

/** Finished deployments of one line, newest first. */
function renderHistoryTable(history: HistoryEntry[], repo: string): string {
  if (history.length === 0) return '<p>No finished deployments yet</p>';
  const rows = history.map(
    (h) =>
      `<tr><td>${deploymentLink(h.id)}</td><td>${link(`${repo}/tree/${refPath(h.ref)}`, h.ref)}</td>` +
      `<td class="${escapeHtml(h.outcome)}">${escapeHtml(h.outcome)}</td>` +
      `<td>${escapeHtml(h.description)}</td><td>${escapeHtml(h.requester ?? '')}</td>` +
      `<td>${escapeHtml(time(h.finishedAt))}</td><td>${link(h.logUrl, h.logUrl ? 'log' : '')}</td></tr>`,
  );
  return `<div class="scroll"><table class="history">${HISTORY_HEAD}<tbody>${rows.join('')}</tbody></table></div>`;
}
