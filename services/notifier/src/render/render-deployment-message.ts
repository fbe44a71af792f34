import { DEPLOYMENT_BUTTON_ACTION_IDS, escapeCut, link } from '@chatops/shared/contracts';
import type { DeploymentView } from '../deployments/deployment-view.js';
import { isFinal } from '../deployments/deployment-view.js';
import type { ShownButton } from '../deployments/keep-buttons.js';
import type { SlackMessageBody } from '../ports.js';
import { markers, requesterMrkdwn, requesterPlain, whatWhere, whatWherePlain } from './describe-deployment.js';
import type { GithubLinks } from './github-links.js';
import { renderTimeline } from './render-timeline.js';
import { stateStyle } from './state-style.js';

const VERB: Record<string, string> = { success: 'deployed', failure: 'failed to deploy', error: 'could not deploy' };

/**
 * The one living message of a deployment: Block Kit plus a plain-text fallback. Every value from
 * GitHub is escaped and cut on its own, so the message stays far within Slack's limits (at most 6
 * blocks and 4 fields, each text under 2,000 characters) whatever a deployment carries. `buttons`:
 * Promote, Rollback, Cancel as offered now; each carries only its server-side id.
 */
export function renderDeploymentMessage(
  view: DeploymentView,
  links: GithubLinks,
  buttons: ShownButton[] = [],
): SlackMessageBody {
  const style = stateStyle(view.state);
  const verb = VERB[view.state] ?? 'is deploying';
  const blocks: unknown[] = [
    {
      type: 'section',
      block_id: 'deployment',
      text: {
        type: 'mrkdwn',
        text: `${style.emoji} ${requesterMrkdwn(view, links)} ${verb} ${whatWhere(view, links)}`,
      },
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
      text: { type: 'mrkdwn', text: `${emoji} Health check: ${escapeCut(view.health.text, 300)}` },
    });
  }
  if (buttons.length > 0)
    blocks.push({ type: 'actions', block_id: 'deployment_buttons', elements: buttons.map(buttonElement) });
  const footer = [`deployment #${view.deploymentId}`, escapeCut(view.repository, 200)];
  if (view.superseded) footer.push('superseded by a newer deployment');
  blocks.push(context(footer.join(' · ')));
  const doing = isFinal(view.state) ? verb : 'deploying';
  return { text: `${requesterPlain(view)} ${doing} ${whatWherePlain(view)}: ${style.label}`, blocks };
}

function fields(view: DeploymentView, links: GithubLinks): unknown[] {
  const style = stateStyle(view.state);
  const description = view.description ? `\n${escapeCut(view.description, 200)}` : '';
  const out = [mrkdwn(`*State*\n${style.emoji} ${style.label}${description}`)];
  if (view.logUrl) out.push(mrkdwn(`*CI log*\n${link(view.logUrl, 'open the log')}`));
  if (view.environmentUrl)
    out.push(mrkdwn(`*Environment*\n${link(view.environmentUrl, escapeCut(view.environment, 80))}`));
  const changes = view.previousSha
    ? link(
        links.compare(view.repository, view.previousSha, view.sha),
        `compare ${escapeCut(view.previousSha.slice(0, 7), 7)}…${escapeCut(view.sha.slice(0, 7), 7)}`,
      )
    : link(links.commit(view.repository, view.sha), `commit ${escapeCut(view.sha.slice(0, 7), 7)}`);
  out.push(mrkdwn(`*Changes*\n${changes}`));
  return out;
}

function buttonElement(button: ShownButton) {
  const text =
    button.action === 'promote'
      ? `Promote to ${(button.target ?? '').slice(0, 60)}`
      : button.action === 'rollback'
        ? 'Rollback'
        : 'Cancel';
  return {
    type: 'button',
    action_id: DEPLOYMENT_BUTTON_ACTION_IDS[button.action],
    text: { type: 'plain_text', text },
    value: button.id,
    ...(button.action === 'promote' ? { style: 'primary' } : { style: 'danger' }),
  };
}

function mrkdwn(text: string) {
  return { type: 'mrkdwn', text };
}

function context(text: string) {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}
