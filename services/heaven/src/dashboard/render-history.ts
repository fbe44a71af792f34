import type { DeploymentRecord } from '@chatops/shared/contracts';
import { type HistoryQuery, queryString } from './history-query.js';
import { deploymentLink, escapeHtml, isoWhen, link, refPath } from './render-dashboard.js';

export type HistoryView = {
  query: HistoryQuery;
  /** An error in the filters, said above the form (the page still answers 400). */
  problem: string | null;
  rows: DeploymentRecord[];
  page: number;
  pages: number;
  total: number;
  /** How many records the search looked at, at most (the newest first). */
  searched: number;
  apps: string[];
  environments: string[];
  github: string;
};

const STATES = ['requested', 'queued', 'in_progress', 'success', 'failure', 'error', 'cancelled'];

const option = (value: string, selected: string | undefined, text = value) =>
  `<option value="${escapeHtml(value)}"${value === (selected ?? '') ? ' selected' : ''}>${escapeHtml(text)}</option>`;

const when = (iso: string | null) => escapeHtml(isoWhen(iso));

/** The history: filters as a GET form (works without JavaScript), the rows, pages. */
export function renderHistory(view: HistoryView): string {
  const q = view.query;
  const field = (name: keyof HistoryQuery, label: string, input: string) =>
    `<label for="f-${name}">${label}${input}</label>`;
  const form =
    '<form class="filters" method="get" action="/dashboard/history" aria-label="filters">' +
    field(
      'app',
      'app',
      `<select id="f-app" name="app">${option('', q.app, 'any')}` +
        `${view.apps.map((a) => option(a, q.app)).join('')}</select>`,
    ) +
    field(
      'environment',
      'environment',
      `<select id="f-environment" name="environment">${option('', q.environment, 'any')}` +
        `${view.environments.map((e) => option(e, q.environment)).join('')}</select>`,
    ) +
    field('person', 'person', `<input id="f-person" name="person" value="${escapeHtml(q.person ?? '')}">`) +
    field(
      'state',
      'state',
      `<select id="f-state" name="state">${option('', q.state, 'any')}` +
        `${STATES.map((s) => option(s, q.state)).join('')}</select>`,
    ) +
    field('from', 'from', `<input id="f-from" name="from" type="date" value="${escapeHtml(q.from ?? '')}">`) +
    field('to', 'to', `<input id="f-to" name="to" type="date" value="${escapeHtml(q.to ?? '')}">`) +
    '<button type="submit">Filter</button> <a href="/dashboard/history">clear</a></form>';
  const problem = view.problem ? `<p class="error" role="alert">${escapeHtml(view.problem)}</p>` : '';
  const table = view.rows.length
    ? '<div class="scroll"><table class="history-list"><caption>Deployments, newest first</caption><thead><tr>' +
      '<th scope="col">id</th><th scope="col">app</th><th scope="col">environment</th><th scope="col">ref</th>' +
      '<th scope="col">state</th><th scope="col">by</th><th scope="col">requested</th><th scope="col">finished</th>' +
      `<th scope="col">description</th></tr></thead><tbody>${view.rows.map((r) => row(r, view.github)).join('')}` +
      '</tbody></table></div>'
    : '<p class="empty">No deployment matches these filters.</p>';
  const pager = renderPager(view);
  return (
    `<h2>History</h2>${problem}${form}` +
    `<div id="history-rows" data-live><p class="muted">${view.total} deployment${view.total === 1 ? '' : 's'} ` +
    `(of the newest ${view.searched} looked at); page ${view.page} of ${view.pages}</p>${table}${pager}</div>`
  );
}

function row(r: DeploymentRecord, github: string): string {
  const repo = `${github}/${r.repository}`;
  return (
    `<tr data-id="${r.deployment_id}"><td>${deploymentLink(r.deployment_id)}</td><td>${escapeHtml(r.app)}</td>` +
    `<td>${escapeHtml(r.github_environment)}</td><td>${link(`${repo}/tree/${refPath(r.ref)}`, r.ref)}</td>` +
    `<td class="${escapeHtml(r.state)}">${escapeHtml(r.state)}</td><td>${escapeHtml(r.requester ?? '')}</td>` +
    `<td>${when(r.requested_at)}</td><td>${when(r.finished_at)}</td><td>${escapeHtml(r.description ?? '')}</td></tr>`
  );
}

function renderPager(view: HistoryView): string {
  if (view.pages <= 1) return '';
  const prev =
    view.page > 1
      ? `<a rel="prev" href="/dashboard/history${escapeHtml(queryString(view.query, view.page - 1))}">previous</a>`
      : '';
  const next =
    view.page < view.pages
      ? `<a rel="next" href="/dashboard/history${escapeHtml(queryString(view.query, view.page + 1))}">next</a>`
      : '';
  return `<nav class="pager" aria-label="pages">${prev} ${next}</nav>`;
}
