import type { DeploymentView } from '../deployments/deployment-view.js';
import type { SlackMessageBody } from '../ports.js';
import { requesterMrkdwn, slackUserIdOf, whatWhere, whatWherePlain } from './describe-deployment.js';
import type { GithubLinks } from './github-links.js';
import { escapeMrkdwn, link, truncate } from '@chatops/shared/contracts';
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
  const who = requesterMrkdwn(view, links);
  const head = ok
    ? `${style.emoji} Deployed ${whatWhere(view, links)}${took}.`
    : `${style.emoji} ${who}: deploying ${whatWhere(view, links)} ${style.label}${took}.`;
  const extra: string[] = [];
  if (!ok && view.description) extra.push(escapeMrkdwn(truncate(view.description, 200)));
  if (view.logUrl) extra.push(link(view.logUrl, 'CI log'));
  if (ok && view.environmentUrl) extra.push(link(view.environmentUrl, 'open the environment'));
  const body = extra.length > 0 ? `${head} ${extra.join(' · ')}` : head;
  const text = ok
    ? `Deployed ${whatWherePlain(view)}${took}`
    : `${slackUserIdOf(view) ? `<@${slackUserIdOf(view)}> ` : ''}` +
      `deploying ${whatWherePlain(view)} ${style.label}${took}`;
  return {
    text: truncate(text, 300),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(body, 2900) } }],
  };
}
