import {
  code,
  escapeCut,
  escapeMrkdwn,
  link,
  truncate,
  type EnvironmentLock,
  type FreezeVerdict,
  type HomeUpdateJob,
  type DialogKind,
  type LockWaiter,
} from '@chatops/shared/contracts';
import { OPEN_DIALOG_ACTIONS } from '../dialogs/dialog-ids.js';
import type { HomeAction } from '../home/home-actions.js';

/**
 * A Home button's action id. Deploy, Roll back and Lock open their dialog (the dialogs' "open dialog"
 * buttons, app and environment preselected); Unlock and Cancel are the command at once (`home-tab`
 * press). The value of each names only the app and environment: everything is checked again.
 */
export const HOME_ACTION_IDS: Record<HomeAction, string> = {
  deploy: opensDialog('deploy'),
  rollback: opensDialog('rollback'),
  lock: opensDialog('lock'),
  unlock: 'chatops_home_unlock',
  cancel: 'chatops_home_cancel',
};

/** The action id of the dialogs' button that opens this dialog. */
function opensDialog(kind: DialogKind): string {
  const id = Object.keys(OPEN_DIALOG_ACTIONS).find((action) => OPEN_DIALOG_ACTIONS[action] === kind);
  if (!id) throw new Error(`no button opens the ${kind} dialog`);
  return id;
}

/** One environment of an app, as Home shows it to one person. */
export type HomeEnvironment = {
  name: string;
  production: boolean;
  /** Newest first (what the notifier told of the last deployments there). */
  deployments: HomeUpdateJob[];
  lock: EnvironmentLock | null;
  lockWaiting: LockWaiter[];
  freeze: FreezeVerdict;
  /** The buttons this person gets here (none: read-only). */
  actions: HomeAction[];
};

export type HomeApp = { name: string; repository: string; environments: HomeEnvironment[] };

/** Everything one person's Home tab shows. */
export type HomeModel = {
  userId: string;
  /** The apps where they may deploy somewhere, in config order. */
  apps: HomeApp[];
  /** How many apps they may not deploy anywhere (not shown). */
  hidden: number;
  nowMs: number;
  /** The slash command's name, for the hints. */
  command: string;
};

/** Slack's limit for a Home tab. */
const MAX_BLOCKS = 100;
/** Blocks kept free at the end: the closing divider and the footnote. */
const FOOTER_BLOCKS = 2;
const MAX_WAITING_SHOWN = 5;
const ACTIVE = new Set(['pending', 'queued', 'waiting', 'in_progress']);
const QUEUED = new Set(['pending', 'queued', 'waiting']);

const plain = (text: string, max = 150) => ({ type: 'plain_text' as const, text: truncate(text, max) });
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text: truncate(text, 3000) });

/** A Slack date that each reader sees in their own time zone; the ISO time where it cannot be shown. */
function slackDate(iso: string, format: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return 'at an unknown time';
  return `<!date^${Math.floor(ms / 1000)}^${format}|${new Date(ms).toISOString()}>`;
}

const ago = (iso: string) => slackDate(iso, '{ago}');
const at = (iso: string) => slackDate(iso, '{date_short_pretty} {time}');

/** A person: a Slack mention when it is a user id, else their escaped name or GitHub login. */
function who(requester: HomeUpdateJob['requester']): string {
  if (requester.slack_user_id && /^[UW][A-Z0-9]{2,}$/.test(requester.slack_user_id))
    return `<@${requester.slack_user_id}>`;
  const name = requester.name || requester.github_login;
  return name ? escapeCut(name, 60) : 'someone';
}

const mention = (id: string) => (/^[UW][A-Z0-9]{2,}$/.test(id) ? `<@${id}>` : escapeCut(id, 40));

/** `main` `abc1234`: the ref and its short sha (once, when the ref is the sha). */
function refAndSha(d: HomeUpdateJob): string {
  const short = d.sha.slice(0, 7);
  return d.ref === d.sha || d.ref.startsWith(short) ? code(short) : `${code(d.ref, 60)} ${code(short)}`;
}

const STATE_WORDS: Record<string, string> = {
  pending: 'requested',
  queued: 'waiting in line',
  waiting: 'waiting',
  in_progress: 'deploying',
  success: 'succeeded',
  failure: 'failed',
  error: 'errored',
  inactive: 'inactive',
};

function deploymentLine(label: string, d: HomeUpdateJob): string {
  const log = d.log_url ? ` · ${link(d.log_url, 'log')}` : '';
  const branch = d.github_environment !== d.environment ? ` to ${escapeCut(d.github_environment, 60)}` : '';
  return (
    `${label} ${refAndSha(d)}${branch} · ${STATE_WORDS[d.state] ?? escapeMrkdwn(d.state)} · ` +
    `${who(d.requester)} · ${ago(d.updated_at)}${log}`
  );
}

/** The lines of one environment: what runs there, what runs now, what failed since, what waits, lock, freeze. Pure. */
export function environmentText(env: HomeEnvironment): string {
  const title = `*${escapeCut(env.name, 100)}*${env.production ? ' (production)' : ''}`;
  const lines = [title];
  const deploys = env.deployments;
  const success = deploys.find((d) => d.state === 'success');
  const newer = deploys.filter((d) => !success || d.deployment_id > success.deployment_id);
  const running = newer.filter((d) => d.state === 'in_progress');
  const queued = newer.filter((d) => QUEUED.has(d.state)).reverse();
  const failed = newer.find((d) => !ACTIVE.has(d.state) && d.state !== 'inactive');
  lines.push(
    success ? deploymentLine(':white_check_mark: Runs', success) : ':grey_question: No deployment known here yet.',
  );
  for (const d of running) lines.push(deploymentLine(':arrows_counterclockwise: Now', d));
  if (failed) lines.push(deploymentLine(':x: Last try', failed));
  if (queued.length > 0) {
    const shown = queued.slice(0, MAX_WAITING_SHOWN).map((d) => `${refAndSha(d)} by ${who(d.requester)}`);
    const more = queued.length > MAX_WAITING_SHOWN ? ` and ${queued.length - MAX_WAITING_SHOWN} more` : '';
    lines.push(`:hourglass_flowing_sand: Waiting to deploy: ${shown.join(', ')}${more}`);
  }
  if (env.lock) {
    const until = env.lock.expires_at ? ` until ${at(env.lock.expires_at)}` : '';
    const reason = env.lock.reason ? `: "${escapeCut(env.lock.reason, 200)}"` : '';
    lines.push(`:lock: Locked by ${mention(env.lock.holder.slack_user_id)}${until}${reason}`);
    if (env.lockWaiting.length > 0)
      lines.push(
        `      Waiting for the lock: ${env.lockWaiting
          .map((w, i) => `${i + 1}. ${mention(w.holder.slack_user_id)}`)
          .join(', ')}`,
      );
  }
  if (env.freeze.frozen)
    lines.push(
      `:snowflake: Frozen until ${at(new Date(env.freeze.until).toISOString())}: ` +
        escapeCut(env.freeze.by.reason, 200),
    );
  return lines.join('\n');
}

const BUTTON_TEXT: Record<HomeAction, string> = {
  deploy: 'Deploy…',
  rollback: 'Roll back…',
  lock: 'Lock…',
  unlock: 'Unlock',
  cancel: 'Cancel deployment',
};

/** The value of a Home button: the app and environment it acts on (checked again when pressed). */
function homeButtonValue(app: string, environment: string): string {
  return JSON.stringify({ app, environment });
}

function buttons(app: HomeApp, env: HomeEnvironment, userId: string): unknown {
  const waiting =
    env.lock?.holder.slack_user_id !== userId && env.lockWaiting.some((w) => w.holder.slack_user_id === userId);
  return {
    type: 'actions',
    elements: env.actions.map((action) => ({
      type: 'button',
      action_id: HOME_ACTION_IDS[action],
      text: plain(
        action === 'lock' && env.lock
          ? 'Wait for the lock…'
          : action === 'unlock' && waiting
            ? 'Leave the lock line'
            : BUTTON_TEXT[action],
        75,
      ),
      value: homeButtonValue(app.name, env.name),
      ...(action === 'deploy' ? { style: 'primary' } : {}),
      ...(action === 'cancel'
        ? {
            style: 'danger',
            confirm: {
              title: plain('Cancel the deployment?', 100),
              text: plain(`The waiting or running deployment of ${app.name} to ${env.name} is cancelled.`, 300),
              confirm: plain('Cancel it', 30),
              deny: plain('Back', 30),
            },
          }
        : {}),
    })),
  };
}

/**
 * One person's Home tab (a `home` view): per app they may deploy somewhere, each environment with
 * what runs there, what runs or waits now, its lock and the lock's waiting list, a freeze, and the
 * buttons of what they may do there. At most 100 blocks: environments past that are left out with
 * a line saying how many. Every outside value is escaped. Pure.
 */
export function renderHomeView(model: HomeModel): { type: 'home'; blocks: unknown[] } {
  const blocks: unknown[] = [
    { type: 'header', text: plain('Deployments') },
    {
      type: 'context',
      elements: [
        mrkdwn(
          `What runs where, as of ${at(new Date(model.nowMs).toISOString())}. The buttons are what you may do ` +
            `there, checked again when you press them. \`${escapeCut(model.command, 40)} help\` lists every command.`,
        ),
      ],
    },
  ];
  let left = 0;
  let appsLeft = 0;
  for (const app of model.apps) {
    const appBlocks: unknown[] = [
      { type: 'divider' },
      { type: 'header', text: plain(`${app.name} · ${app.repository}`) },
    ];
    let envsShown = 0;
    for (const env of app.environments) {
      const envBlocks: unknown[] = [{ type: 'section', text: mrkdwn(environmentText(env)) }];
      if (env.actions.length > 0) envBlocks.push(buttons(app, env, model.userId));
      const head = envsShown === 0 ? appBlocks : [];
      if (left > 0 || blocks.length + head.length + envBlocks.length + FOOTER_BLOCKS > MAX_BLOCKS) {
        left += 1;
        continue;
      }
      blocks.push(...head, ...envBlocks);
      envsShown += 1;
    }
    if (envsShown < app.environments.length) appsLeft += 1;
  }
  const notes: string[] = [];
  if (left > 0) {
    notes.push(
      `…and ${left} more environment${left === 1 ? '' : 's'} of ${appsLeft} app${appsLeft === 1 ? '' : 's'} ` +
        `not shown here: \`${escapeCut(model.command, 40)} where APP\` shows any app.`,
    );
  }
  if (model.apps.length === 0) notes.push('There is no app you may deploy.');
  if (model.hidden > 0)
    notes.push(
      model.hidden === 1
        ? '1 app you may not deploy is not shown.'
        : `${model.hidden} apps you may not deploy are not shown.`,
    );
  blocks.push({ type: 'divider' });
  if (notes.length > 0) blocks.push({ type: 'context', elements: [mrkdwn(notes.join(' '))] });
  return { type: 'home', blocks };
}
