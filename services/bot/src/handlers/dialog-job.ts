import { findApp, findEnvironment, type DialogJob, type DialogKind } from '@chatops/shared/contracts';
import { isTriggerError, type Logger } from '@chatops/shared/runtime';
import { dialogChoices } from '../dialogs/dialog-choices.js';
import { writeDialogMetadata } from '../dialogs/dialog-metadata.js';
import { refsStale } from '../dialogs/refs-freshness.js';
import { groupIdsOf } from '../routes/load-groups.js';
import type { RefCache, RefSource, ViewsPort } from '../ports.js';
import { dialogView, type RollbackTarget } from '../render/dialog-view.js';
import type { CommandDeps } from './command-context.js';
import { resolveGroups } from './resolve-groups.js';
import { rollbackCandidates } from './rollback.js';

/** What the dialogs' worker works with: the command handlers' ports, Slack's views, the ref cache. */
export type DialogDeps = CommandDeps & { views: ViewsPort; refSource: RefSource; refs: RefCache };

/** At most this many earlier deployments are looked at (one status read each), and offered. */
const ROLLBACK_LOOKS = 20;
const ROLLBACK_OFFERS = 10;

/** Runs one job of the `dialogs` queue. */
export async function runDialogJob(deps: DialogDeps, job: DialogJob, log: Logger): Promise<void> {
  switch (job.kind) {
    case 'open':
    case 'update':
      return showDialog(deps, job, log);
    case 'refresh-refs':
      await refreshRefs(deps, job.repository);
      return;
  }
}

type ShowJob = Extract<DialogJob, { kind: 'open' | 'update' }>;

/**
 * Opens a dialog at once (Slack's trigger_id lasts 3 s: only the cached user groups and refs are
 * read first), or shows it again for what was picked (`views.update` with the view's hash); then
 * what takes GitHub calls (the refs of a repository not read lately, a rollback's earlier
 * deployments) follows as an update of the view just shown.
 */
async function showDialog(deps: DialogDeps, job: ShowJob, log: Logger): Promise<void> {
  const user = job.user.slack_user_id;
  const groups = await resolveGroups(deps, groupIdsOf(deps.config));
  const apps = dialogChoices(deps.config, job.dialog, { userId: user, channelId: job.channel_id }, groups);
  const app = (job.app && findApp(deps.config, job.app)) || null;
  const picked = apps.find((a) => a.name === app?.name) ?? apps[0];
  const resolved = picked ? findApp(deps.config, picked.name) : null;
  const envName = job.environment && resolved ? findEnvironment(resolved.app, job.environment)?.name : undefined;
  const refs = resolved ? await deps.refs.get(resolved.app.repository) : null;
  const state = {
    dialog: job.dialog,
    apps,
    app: picked?.name,
    environment: envName,
    defaultEnvironment: deps.config.defaults.environment,
    defaultBranch: refs?.defaultBranch,
    metadata: writeDialogMetadata(deps.payloadSecret, {
      dialog: job.dialog,
      user,
      ...(job.channel_id ? { channel: job.channel_id } : {}),
      ...(picked ? { app: picked.name } : {}),
    }),
    nowMs: deps.clock.now(),
  };
  const first = dialogView(state);
  let shown: { id: string; hash: string } | null;
  if (job.kind === 'open') {
    try {
      shown = await deps.views.open(job.trigger_id, first);
    } catch (e) {
      // Too late (3 s) or used: Slack opens nothing and there is nobody to tell; they can open it again.
      if (!isTriggerError(e)) throw e;
      log.warn({ err: e }, 'dialog not opened: its trigger_id was spent');
      return;
    }
  } else {
    const updated = await deps.views.update(job.view_id, job.hash, first);
    shown = updated ? { id: job.view_id, hash: updated.hash } : null;
  }
  if (!shown || !resolved) {
    if (!shown)
      log.info({ view: job.kind === 'update' ? job.view_id : undefined }, 'dialog changed since; not updated');
    return;
  }
  // What the view waits for: the refs of its repository when stale, a rollback's earlier deployments.
  const later: { defaultBranch?: string; targets?: RollbackTarget[] } = {};
  const refField = job.dialog === 'deploy' || job.dialog === 'destroy';
  if (refField && refsStale(refs, deps.clock.now())) {
    // The dialog works without them (the default branch is then not picked): GitHub's failure is only logged.
    const read = await refreshRefs(deps, resolved.app.repository).catch((e: unknown) => {
      log.warn({ err: e, repository: resolved.app.repository }, 'could not read the branches and tags');
      return null;
    });
    if (read) later.defaultBranch = read.defaultBranch;
  }
  const env = shownEnvironment(job.dialog, picked?.environments ?? [], envName);
  if (job.dialog === 'rollback' && env) later.targets = await rollbackTargets(deps, resolved.app.repository, env);
  if (later.defaultBranch === undefined && later.targets === undefined) return;
  await deps.views.update(shown.id, shown.hash, dialogView({ ...state, ...later }));
}

/** The environment a rollback dialog shows: the one picked (no default: a rollback is chosen on purpose). */
function shownEnvironment(dialog: DialogKind, environments: string[], picked: string | undefined): string | undefined {
  if (dialog !== 'rollback') return undefined;
  return environments.find((e) => e === picked);
}

/** The earlier successful deployments of an environment with another commit than the current one, newest first. */
async function rollbackTargets(deps: DialogDeps, repository: string, environment: string): Promise<RollbackTarget[]> {
  const [current, ...older] = await rollbackCandidates(deps.github, repository, environment);
  if (!current) return [];
  const targets: RollbackTarget[] = [];
  for (const d of older.slice(0, ROLLBACK_LOOKS)) {
    if (d.sha === current.sha || targets.some((t) => t.sha === d.sha)) continue;
    const statuses = await deps.github.listStatuses(repository, d.id);
    if (!statuses.some((s) => s.state === 'success')) continue;
    targets.push({ id: d.id, sha: d.sha, ref: d.ref, createdAt: d.created_at, creator: d.creator });
    if (targets.length >= ROLLBACK_OFFERS) break;
  }
  return targets;
}

/** Reads a repository's branches, tags and default branch from GitHub into the ref cache. */
async function refreshRefs(deps: DialogDeps, repository: string) {
  const [{ branches, tags }, defaultBranch] = await Promise.all([
    deps.refSource.refs(repository),
    deps.github.defaultBranch(repository),
  ]);
  const refs = { branches, tags, defaultBranch, fetchedAt: deps.clock.now() };
  await deps.refs.set(repository, refs);
  return refs;
}
