import { escapeCut, link } from '@chatops/shared/contracts';
import type { DeploymentView } from '../deployments/deployment-view.js';
import type { SlackMessageBody } from '../ports.js';
import { requesterMrkdwn, slackUserIdOf, whatWhere, whatWherePlain } from './describe-deployment.js';
import type { GithubLinks } from './github-links.js';
import { totalDuration } from './render-timeline.js';
import { stateStyle } from './state-style.js';

/**
 * The result of a finished deployment, for its thread (so followers get a notification) and for a
 * production environment's channel. A failure or error mentions the person who deployed.
 */
export function renderDeploymentResult(view: DeploymentView, links: GithubLinks): SlackMessageBody {
  const style = stateStyle(view.state);
  const duration = totalDuration(view);
  const took = duration ? ` in ${duration}` : '';
  const ok = view.state === 'success';
  const head = ok
    ? `${style.emoji} Deployed ${whatWhere(view, links)}${took}.`
    : `${style.emoji} ${requesterMrkdwn(view, links)}: deploying ${whatWhere(view, links)} ${style.label}${took}.`;
  const extra: string[] = [];
  if (!ok && view.description) extra.push(escapeCut(view.description, 200));
  if (view.logUrl) extra.push(link(view.logUrl, 'CI log'));
  if (ok && view.environmentUrl) extra.push(link(view.environmentUrl, 'open the environment'));
  const body = extra.length > 0 ? `${head} ${extra.join(' · ')}` : head;
  const mention = slackUserIdOf(view);
  const text = ok
    ? `Deployed ${whatWherePlain(view)}${took}`
    : `${mention ? `<@${mention}> ` : ''}deploying ${whatWherePlain(view)} ${style.label}${took}`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: body } }] };
}
