import { code, escapeCut, link } from '@chatops/shared/contracts';
import type { DeploymentView } from '../deployments/deployment-view.js';
import type { GithubLinks } from './github-links.js';

/**
 * The Slack user id of the requester when it is one (`U…`/`W…`), else null. It comes only from a
 * signed payload; checked all the same, so `<!channel>` or `U1> <!here` can never become markup.
 */
export function slackUserIdOf(view: DeploymentView): string | null {
  const id = view.requester.slackUserId;
  return id && isSlackUserId(id) ? id : null;
}

/** A Slack user id (`U…`/`W…`): only such an id ever becomes a mention. */
export const isSlackUserId = (id: string): boolean => /^[UW][A-Z0-9]{2,30}$/.test(id);

/** The person behind a deployment: a Slack mention, or the GitHub user for deployments made elsewhere. */
export function requesterMrkdwn(view: DeploymentView, links: GithubLinks): string {
  const id = slackUserIdOf(view);
  if (id) return `<@${id}>`;
  const login = view.requester.githubLogin;
  return login ? `${link(links.user(login.slice(0, 60)), escapeCut(login, 60))} (GitHub)` : 'someone on GitHub';
}

/** The same without markup, for the notification fallback (Slack still parses it: escaped). */
export function requesterPlain(view: DeploymentView): string {
  if (slackUserIdOf(view)) return escapeCut(view.requester.name || 'someone', 80);
  return escapeCut(view.requester.githubLogin ?? 'someone on GitHub', 60);
}

/** Markers that change what a deployment means: task, noop, forced, rollback, who approved it. */
export function markers(view: DeploymentView): string[] {
  const out: string[] = [];
  if (view.task !== 'deploy') out.push(`task ${code(view.task, 40)}`);
  if (view.noop) out.push('*noop* (dry run)');
  if (view.forced) out.push('*forced* (checks skipped)');
  if (view.rollbackOf) out.push(`*rollback* of #${view.rollbackOf}`);
  // Only ids that are Slack user ids become mentions (they come from a signed payload all the same).
  const approvers = (view.approvedBy ?? []).filter(isSlackUserId).slice(0, 10);
  if (approvers.length) out.push(`approved by ${approvers.map((id) => `<@${id}>`).join(', ')}`);
  return out;
}

/** "api `main` (`f95f852`) to *production*", with the sha linked to the commit or compare view. */
export function whatWhere(view: DeploymentView, links: GithubLinks): string {
  const shaUrl = view.previousSha
    ? links.compare(view.repository, view.previousSha, view.sha)
    : links.commit(view.repository, view.sha);
  const app = link(links.repository(view.repository), `*${escapeCut(view.app, 60)}*`);
  const ref = view.ref === view.sha ? '' : `${code(view.ref, 80)} `;
  return `${app} ${ref}(${link(shaUrl, code(view.sha.slice(0, 7), 7))}) to *${escapeCut(view.environment, 80)}*`;
}

/** The same without markup (escaped: Slack parses the fallback text too). */
export function whatWherePlain(view: DeploymentView): string {
  const ref = view.ref === view.sha ? '' : `${escapeCut(view.ref, 80)} `;
  const sha = escapeCut(view.sha.slice(0, 7), 7);
  return `${escapeCut(view.app, 60)} ${ref}(${sha}) to ${escapeCut(view.environment, 80)}`;
}
