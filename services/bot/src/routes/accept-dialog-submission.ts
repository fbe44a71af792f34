import {
  findApp,
  findEnvironment,
  formatDuration,
  freezeAt,
  jobId,
  truncate,
  type AppsConfig,
  type FreezeStore,
  type LockStore,
} from '@chatops/shared/contracts';
import { withTimeout } from '@chatops/shared/runtime';
import type { FastifyBaseLogger } from 'fastify';
import { admitCommand } from '../commands/admit-command.js';
import { commandJob } from '../commands/command-job.js';
import { environmentChannel } from '../dialogs/dialog-choices.js';
import { environmentBlockId, FIELDS, refBlockId } from '../dialogs/dialog-ids.js';
import { readDialogMetadata } from '../dialogs/dialog-metadata.js';
import { readDialogSubmission, type FieldErrors } from '../dialogs/read-dialog-submission.js';
import { knownRef } from '../dialogs/ref-options.js';
import { refreshRefsJob, refsStale } from '../dialogs/refs-freshness.js';
import type { Clock, DialogQueue, GroupCache, ProducerPort, RateCounter, RefCache } from '../ports.js';
import type { DialogInteraction } from './dialog-interaction.js';
import { loadGroups } from './load-groups.js';
import { ENQUEUE_TIMEOUT_MESSAGE, ENQUEUE_TIMEOUT_MS } from './unavailable-reply.js';

export type SubmissionDeps = {
  config: AppsConfig;
  rateCounter: RateCounter;
  groups: GroupCache;
  locks: LockStore;
  freezes: FreezeStore;
  refs: RefCache;
  producer: ProducerPort;
  dialogs: DialogQueue;
  clock: Clock;
  payloadSecret: string;
  log: FastifyBaseLogger;
};

/** Slack's answer to a view_submission: errors next to fields (the modal stays), or nothing (it closes). */
export type SubmissionAnswer = { response_action: 'errors'; errors: FieldErrors } | null;

/** A submit of a dialog the bot did not open for this person (its private_metadata does not verify). */
const NOT_YOURS = 'This dialog was not opened for you by the bot. Close it and open it again.';

const errors = (e: FieldErrors): SubmissionAnswer => ({
  response_action: 'errors',
  errors: Object.fromEntries(Object.entries(e).map(([k, v]) => [k, truncate(v, 300)])),
});

/**
 * A dialog's submit, decided within Slack's 3 s with Redis and the config only (no Slack or GitHub
 * call): the same admission as the typed command (`admitCommand`: the app and environment, who may,
 * the channel, CircleCI's parameter limits), then another's lock, a freeze and an unknown ref. Each
 * refusal is an error next to its field and nothing is enqueued; a valid one is the typed command's
 * job (id `view-<view id>`: a submit Slack sends again is one job), its message for the channel the
 * dialog was opened from, or else the environment's channel. A dialog whose `private_metadata` is not
 * the bot's for this person and this dialog (tampered, another person's view) is refused outright.
 */
export async function acceptDialogSubmission(
  submit: Extract<DialogInteraction, { kind: 'submit' }>,
  deps: SubmissionDeps,
): Promise<SubmissionAnswer> {
  const { config, clock } = deps;
  // Only a dialog the bot opened for this person, as this dialog, is submitted: never another person's
  // view (its view_id, which would also take that view's job id), nor one whose metadata was altered.
  const signed = readDialogMetadata(deps.payloadSecret, submit.view.private_metadata, submit.user.id);
  const meta = signed?.dialog === submit.dialog ? signed : null;
  if (!meta) {
    deps.log.warn({ user: submit.user.id, view: submit.view.id }, 'dialog metadata not signed by the bot');
    return errors({ [FIELDS.app]: NOT_YOURS });
  }
  const read = readDialogSubmission(submit.dialog, submit.view.values);
  if (!read.ok) return errors(read.errors);
  const envBlock = environmentBlockId(read.app);
  const app = findApp(config, read.app);
  const env = app ? findEnvironment(app.app, read.environment) : null;
  if (!app || !env) return errors({ [envBlock]: `${read.app} ${read.environment} is no longer in the config.` });
  const channel = meta.channel ?? environmentChannel(config, app.app, env.environment);
  if (!channel) return errors({ [envBlock]: `${app.name} ${env.name} has no channel to post in.` });
  const limit = config.defaults.rate_limit_per_minute;
  if (!(await deps.rateCounter.hit(submit.user.id, limit, clock.now())))
    return errors({ [envBlock]: `Slow down: at most ${limit} commands a minute. Try again in a minute.` });
  const groups = await loadGroups(config, deps.groups);
  const admission = admitCommand(config, read.parsed, { userId: submit.user.id, channelId: channel }, groups);
  if (!admission.ok) {
    const block = admission.reason === 'ci-parameters' ? FIELDS.params : envBlock;
    return errors({ [block]: plain(admission.text) });
  }
  const command = admission.value.command;
  if (command.action === 'deploy' || command.action === 'rollback') {
    const refusal = await heldBack(deps, submit.user.id, app.name, app.app.repository, env.name);
    if (refusal) return errors({ [envBlock]: refusal });
  }
  if (command.action === 'deploy' && command.ref) {
    const refs = await deps.refs.get(app.app.repository);
    if (refsStale(refs, clock.now())) {
      const { job, id } = refreshRefsJob(app.app.repository, clock.now());
      await deps.dialogs.add(job, id);
    }
    if (!refs)
      return errors({
        [refBlockId(app.name)]: `I have not read the branches of ${app.app.repository} yet. Try again in a moment.`,
      });
    if (!knownRef(refs, command.ref))
      return errors({ [refBlockId(app.name)]: `${app.app.repository} has no branch or tag ${command.ref}.` });
  }
  const origin = {
    trigger_id: `view-${submit.view.id}`,
    team_id: submit.team,
    channel_id: channel,
    user_id: submit.user.id,
    user_name: submit.user.name,
  };
  const submitted = command.action === 'rollback' && read.rollbackTo ? { ...command, to: read.rollbackTo } : command;
  const job = commandJob(origin, submitted, clock.now());
  await withTimeout(
    deps.producer.command(command.action, job, jobId('view', submit.view.id)),
    ENQUEUE_TIMEOUT_MS,
    ENQUEUE_TIMEOUT_MESSAGE,
  );
  deps.log.info({ action: command.action, view: submit.view.id }, 'dialog command enqueued');
  return null;
}

/** Someone else's lock or a freeze (the dialog offers no `force`): why this deploy cannot go now, else null. */
async function heldBack(
  deps: SubmissionDeps,
  userId: string,
  appName: string,
  repository: string,
  envName: string,
): Promise<string | null> {
  const now = deps.clock.now();
  const [lock, adHocs] = await Promise.all([deps.locks.get(repository, envName), deps.freezes.list(appName)]);
  if (lock && lock.holder.slack_user_id !== userId) {
    const reason = lock.reason ? `: "${lock.reason}"` : '';
    const holder = lock.holder.name || lock.holder.slack_user_id;
    return `${appName} ${envName} is locked by ${holder}${reason}. Only they may deploy there until it is unlocked.`;
  }
  const verdict = freezeAt(deps.config, appName, envName, now, adHocs);
  if (verdict.frozen)
    return `${appName} ${envName} is frozen for ${formatDuration(verdict.until - now)} more: ${verdict.by.reason}.`;
  return null;
}

/** A refusal written for mrkdwn, as a field's plain-text error: mentions and formatting undone. */
function plain(text: string): string {
  return text
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<#([A-Z0-9]+)>/g, '#$1')
    .replace(/<!subteam\^([A-Z0-9]+)>/g, '@$1')
    .replace(/`/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
