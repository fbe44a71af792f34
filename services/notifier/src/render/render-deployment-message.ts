import type { DeploymentView } from '../deployments/deployment-view.js';
import { isFinal } from '../deployments/deployment-view.js';
import type { SlackMessageBody } from '../ports.js';
import { markers, requesterMrkdwn, requesterPlain, whatWhere, whatWherePlain } from './describe-deployment.js';
import type { GithubLinks } from './github-links.js';
import { escapeMrkdwn, link, truncate } from '@chatops/shared/contracts';
import { renderTimeline } from './render-timeline.js';
import { stateStyle } from './state-style.js';

const VERB: Record<string, string> = { success: 'deployed', failure: 'failed to deploy', error: 'could not deploy' };

/** The one living message of a deployment: Block Kit plus a plain-text fallback, small by design. */
export function renderDeploymentMessage(view: DeploymentView, links: GithubLinks): SlackMessageBody {
  const style = stateStyle(view.state);
  const verb = VERB[view.state] ?? 'is deploying';
  const headline = `${style.emoji} ${requesterMrkdwn(view, links)} ${verb} ${whatWhere(view, links)}`;
  const blocks: unknown[] = [
    {
      type: 'section',
      block_id: 'deployment',
      text: { type: 'mrkdwn', text: truncate(headline, 2900) },
      fields: fields(view, links),
    },
  ];
  const marks = markers(view);
  if (marks.length > 0) blocks.push(context(marks.join(' · ')));
  blocks.push(context(renderTimeline(view)));
  if (view.health) {
    const emoji = view.health.healthy ? ':large_green_circle:' : ':red_circle:';
    blocks.push({
      type: 'section',
      block_id: 'health',
      text: { type: 'mrkdwn', text: `${emoji} Health check: ${escapeMrkdwn(truncate(view.health.text, 300))}` },
    });
  }
  const footer = [`deployment #${view.deploymentId}`, `${escapeMrkdwn(view.repository)}`];
  if (view.superseded) footer.push('superseded by a newer deployment');
  blocks.push(context(footer.join(' · ')));
  const doing = isFinal(view.state) ? verb : 'deploying';
  const text = `${requesterPlain(view)} ${doing} ${whatWherePlain(view)}: ${style.label}`;
  return { text: truncate(text, 300), blocks };
}

function fields(view: DeploymentView, links: GithubLinks): unknown[] {
  const style = stateStyle(view.state);
  const description = view.description ? `\n${escapeMrkdwn(truncate(view.description, 200))}` : '';
  const out = [mrkdwn(`*State*\n${style.emoji} ${style.label}${description}`)];
  if (view.logUrl) out.push(mrkdwn(`*CI log*\n${link(view.logUrl, 'open the log')}`));
  if (view.environmentUrl)
    out.push(mrkdwn(`*Environment*\n${link(view.environmentUrl, escapeMrkdwn(truncate(view.environment, 80)))}`));
  const changes = view.previousSha
    ? link(
        links.compare(view.repository, view.previousSha, view.sha),
        `compare ${escapeMrkdwn(view.previousSha.slice(0, 7))}…${escapeMrkdwn(view.sha.slice(0, 7))}`,
      )
    : link(links.commit(view.repository, view.sha), `commit ${escapeMrkdwn(view.sha.slice(0, 7))}`);
  out.push(mrkdwn(`*Changes*\n${changes}`));
  return out;
}

function mrkdwn(text: string) {
  return { type: 'mrkdwn', text: truncate(text, 1900) };
}

function context(text: string) {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, 2900) }] };
}
