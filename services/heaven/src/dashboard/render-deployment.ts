import type { DeploymentDetail } from './read-deployment.js';
import { escapeHtml, isoWhen as when, link, refPath } from './render-dashboard.js';

type Step = { name: string; at: string | null };

const NONE = '<span class="muted">—</span>';

/** The steps of a deployment: chatops' record first, GitHub's statuses where the record is gone. */
export function timelineOf(d: DeploymentDetail): Step[] {
  const statuses = 'statuses' in d.github ? [...d.github.statuses].reverse() : [];
  const first = (...states: string[]) => statuses.find((s) => states.includes(s.state))?.createdAt ?? null;
  const deployment = 'deployment' in d.github ? d.github.deployment : null;
  const r = d.record;
  return [
    { name: 'requested', at: r?.requested_at ?? deployment?.createdAt ?? null },
    // Only chatops' record: it takes the approvals from the signed payload (GitHub's payload is not proof).
    { name: 'approved', at: r?.approved_at ?? null },
    { name: 'queued', at: r?.queued_at ?? first('queued') },
    { name: 'started', at: r?.started_at ?? first('in_progress') },
    { name: 'finished', at: r?.finished_at ?? first('success', 'failure', 'error') },
  ];
}

/** The page of one deployment: what it is, its timeline, its links, its statuses as GitHub has them. */
export function renderDeployment(d: DeploymentDetail): string {
  const r = d.record;
  const deployment = 'deployment' in d.github ? d.github.deployment : null;
  const repo = `${d.githubWeb}/${d.repository}`;
  const ref = r?.ref ?? deployment?.ref ?? d.run?.ref ?? '';
  const sha = r?.sha ?? deployment?.sha ?? null;
  const facts: Array<[string, string]> = [
    ['repository', link(repo, d.repository)],
    ['app', escapeHtml(r?.app ?? '')],
    ['environment', escapeHtml(r?.github_environment ?? deployment?.environment ?? '')],
    ['ref', link(`${repo}/tree/${refPath(ref)}`, ref)],
    ['sha', sha ? link(`${repo}/commit/${encodeURIComponent(sha)}`, sha.slice(0, 12)) : ''],
    ['task', escapeHtml(r?.task ?? deployment?.task ?? '')],
    [
      'state',
      `<span class="${escapeHtml(r?.state ?? '')}">${escapeHtml(r?.state ?? d.run?.phase ?? 'unknown')}</span>`,
    ],
    ['requested by', escapeHtml(r?.requester ?? deployment?.creator ?? '')],
    ['description', escapeHtml(r?.description ?? '')],
  ];
  if (r?.rollback_of)
    facts.push(['rolls back', `<a href="/dashboard/deployments/${r.rollback_of}">#${r.rollback_of}</a>`]);
  const dl = facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('');
  const steps = timelineOf(d)
    .map(
      (s) =>
        `<li data-step="${s.name}"><strong>${s.name}</strong>: ` +
        `${s.at ? `<time datetime="${escapeHtml(s.at)}">${escapeHtml(when(s.at))}</time>` : NONE}</li>`,
    )
    .join('');
  const logUrl = r?.log_url ?? d.run?.run?.logUrl ?? null;
  const compare =
    d.previousSha && sha && d.previousSha !== sha
      ? link(
          `${repo}/compare/${encodeURIComponent(d.previousSha)}...${encodeURIComponent(sha)}`,
          'changes since the previous deployment',
        )
      : d.previousSha && d.previousSha === sha
        ? '<span class="muted">the same commit as the previous successful deployment: no change</span>'
        : '<span class="muted">no previous deployment to compare with</span>';
  const links = [
    logUrl ? link(logUrl, 'CI log') : '<span class="muted">no CI log</span>',
    d.environmentUrl ? link(d.environmentUrl, 'environment') : '<span class="muted">no environment address</span>',
    compare,
    link(`${repo}/deployments`, 'deployments in GitHub'),
  ];
  return (
    `<h2>Deployment #${d.id}</h2><div id="deployment-${d.id}" data-live><dl class="facts">${dl}</dl>` +
    `<h3>Timeline</h3><ol class="timeline">${steps}</ol>` +
    `<h3>Links</h3><ul class="links">${links.map((l) => `<li>${l}</li>`).join('')}</ul>` +
    `<h3>Statuses in GitHub</h3>${renderStatuses(d)}</div>`
  );
}

function renderStatuses(d: DeploymentDetail): string {
  if ('error' in d.github)
    return `<p class="error">GitHub did not answer (${escapeHtml(d.github.error)}): see its deployments page.</p>`;
  if (d.github.statuses.length === 0) return '<p>No status yet.</p>';
  const rows = d.github.statuses
    .map(
      (s) =>
        `<tr><td class="${escapeHtml(s.state)}">${escapeHtml(s.state)}</td><td>${escapeHtml(s.description)}</td>` +
        `<td>${escapeHtml(s.creator ?? '')}</td><td>${escapeHtml(when(s.createdAt))}</td>` +
        `<td>${link(s.logUrl, s.logUrl ? 'log' : '')}</td></tr>`,
    )
    .join('');
  return (
    '<div class="scroll"><table class="statuses"><caption>Newest first, as GitHub lists them</caption><thead><tr>' +
    '<th scope="col">state</th><th scope="col">description</th><th scope="col">by</th><th scope="col">at</th>' +
    `<th scope="col">log</th></tr></thead><tbody>${rows}</tbody></table></div>`
  );
}
