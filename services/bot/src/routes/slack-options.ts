import { findApp, type AppsConfig, type DialogKind } from '@chatops/shared/contracts';
import { withTimeout } from '@chatops/shared/runtime';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { dialogChoices } from '../dialogs/dialog-choices.js';
import { FIELDS } from '../dialogs/dialog-ids.js';
import { readDialogMetadata } from '../dialogs/dialog-metadata.js';
import { refOptions } from '../dialogs/ref-options.js';
import { refreshRefsJob, refsStale } from '../dialogs/refs-freshness.js';
import type { Clock, DialogQueue, GroupCache, RefCache } from '../ports.js';
import { loadGroups } from './load-groups.js';
import { addRawBodyParser, badRequest, readSignedForm, type SlackRouteOptions } from './read-slack-body.js';
import { ENQUEUE_TIMEOUT_MESSAGE, ENQUEUE_TIMEOUT_MS } from './unavailable-reply.js';

export type SlackOptionsOptions = SlackRouteOptions & {
  config: AppsConfig;
  groups: GroupCache;
  refs: RefCache;
  dialogs: DialogQueue;
  clock: Clock;
  payloadSecret: string;
};

const suggestionSchema = z.object({
  type: z.literal('block_suggestion'),
  action_id: z.string(),
  value: z.string().max(2000).default(''),
  user: z.object({ id: z.string().min(1) }),
  view: z
    .object({
      private_metadata: z.string().max(3000).default(''),
      state: z.object({ values: z.record(z.string(), z.record(z.string(), z.any())) }).default({ values: {} }),
    })
    .nullish(),
});

/**
 * POST /slack/options (Slack's options load URL): the ref field's suggestions as the person types,
 * answered within 3 s from the cached branches and tags of the picked app's repository (at most
 * 100); a cache older than 30 s, or none, gets a refresh job for the worker (GitHub is never
 * called here).
 */
export async function slackOptionsRoutes(app: FastifyInstance, options: SlackOptionsOptions): Promise<void> {
  addRawBodyParser(app);
  app.post('/slack/options', async (request, reply) => {
    const form = readSignedForm(request, reply, options);
    if (!form) return reply;
    let json: unknown;
    try {
      json = JSON.parse(form.get('payload') ?? '');
    } catch {
      return badRequest(reply, 'expected a form field payload holding JSON');
    }
    const parsed = suggestionSchema.safeParse(json);
    if (!parsed.success) return badRequest(reply, 'the options request lacks type, action_id or user');
    const p = parsed.data;
    if (p.action_id !== FIELDS.ref) return reply.code(200).send({ options: [] });
    const picked = p.view?.state.values[FIELDS.app]?.[FIELDS.app]?.selected_option?.value;
    // Only for a dialog the bot opened for this person (its signed metadata): nobody else lists the branches.
    const meta = readDialogMetadata(options.payloadSecret, p.view?.private_metadata, p.user.id);
    if (!meta) return reply.code(200).send({ options: [] });
    const found = findApp(options.config, String(picked ?? meta.app ?? ''));
    if (!found) return reply.code(200).send({ options: [] });
    // Only an app the dialog offers this person (a user group not cached now is given the benefit of the doubt).
    if (!(await offered(options, found.name, meta.dialog, p.user.id, meta.channel)))
      return reply.code(200).send({ options: [] });
    const { repository } = found.app;
    const refs = await options.refs.get(repository);
    const now = options.clock.now();
    if (refsStale(refs, now)) {
      const { job, id } = refreshRefsJob(repository, now);
      try {
        await withTimeout(options.dialogs.add(job, id), ENQUEUE_TIMEOUT_MS, ENQUEUE_TIMEOUT_MESSAGE);
      } catch (e) {
        request.log.warn({ err: e, repository }, 'could not ask for a refresh of the refs');
      }
    }
    return reply.code(200).send(refOptions(refs, p.value));
  });
}

/**
 * Whether the dialog offers this app to this person (`dialogChoices`, from the cached user groups);
 * when a group the app names is not cached, it may be theirs: the worker resolved it before the dialog
 * opened, and the submit is checked again anyway.
 */
async function offered(
  options: SlackOptionsOptions,
  app: string,
  dialog: DialogKind,
  userId: string,
  channelId: string | undefined,
): Promise<boolean> {
  const cached = await loadGroups(options.config, options.groups);
  const choices = dialogChoices(options.config, dialog, { userId, ...(channelId ? { channelId } : {}) }, cached);
  if (choices.some((c) => c.name === app)) return true;
  const envs = Object.values(options.config.apps[app]?.environments ?? {});
  return envs.some((e) => [...e.deployers, ...e.overriders].some((p) => p.startsWith('S') && cached(p) === null));
}
